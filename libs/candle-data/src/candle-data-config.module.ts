import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadCandleDataConfig } from './candle-data.config';
import { CANDLE_DATA_CONFIG } from './candle-data.tokens';

/** Loads `.env.local` over `.env` under the real environment, then parses the candle settings once. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ envFilePath: ['.env.local', '.env'] })],
  providers: [{ provide: CANDLE_DATA_CONFIG, useFactory: () => loadCandleDataConfig(process.env) }],
  exports: [CANDLE_DATA_CONFIG],
})
export class CandleDataConfigModule {}
