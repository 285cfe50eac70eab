import { Global, Module } from '@nestjs/common';
import { CandleDataConfigModule } from '@app/candle-data';
import { APP_CONFIG, loadAppConfig } from './app-config';

/** The API's own settings, parsed once from the environment `CandleDataConfigModule` loads. */
@Global()
@Module({
  imports: [CandleDataConfigModule],
  providers: [{ provide: APP_CONFIG, useFactory: () => loadAppConfig(process.env) }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
