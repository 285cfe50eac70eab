import { Module } from '@nestjs/common';
import { AdminCacheController } from './admin-cache.controller';
import { AdminCacheService } from './admin-cache.service';

@Module({ controllers: [AdminCacheController], providers: [AdminCacheService] })
export class AdminModule {}
