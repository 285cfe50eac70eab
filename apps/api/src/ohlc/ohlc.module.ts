import { Module } from '@nestjs/common';
import { OhlcApiService } from './ohlc-api.service';
import { OhlcController } from './ohlc.controller';

@Module({ controllers: [OhlcController], providers: [OhlcApiService] })
export class OhlcModule {}
