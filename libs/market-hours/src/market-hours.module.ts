import { type DynamicModule, Module } from '@nestjs/common';
import { ClockPort, SystemClock } from './clock.port';
import { MarketHoursService } from './market-hours.service';
import {
  MARKET_HOURS_OPTIONS,
  type MARKET_HOURS_OPTIONS_TYPE,
  MarketHoursConfigurableModule,
  type MarketHoursModuleOptions,
} from './market-hours.module-definition';
import { NyseCalendar } from './nyse-calendar';

/** `MarketHoursModule.register({...})` or `registerAsync({ useFactory, inject })`. */
@Module({
  providers: [
    {
      provide: ClockPort,
      useFactory: (options: MarketHoursModuleOptions): ClockPort =>
        options.clock ?? new SystemClock(),
      inject: [MARKET_HOURS_OPTIONS],
    },
    {
      provide: NyseCalendar,
      useFactory: (options: MarketHoursModuleOptions): NyseCalendar =>
        new NyseCalendar({
          extraClosures: options.extraClosures,
          extraEarlyCloses: options.extraEarlyCloses,
        }),
      inject: [MARKET_HOURS_OPTIONS],
    },
    MarketHoursService,
  ],
  exports: [ClockPort, MarketHoursService],
})
export class MarketHoursModule extends MarketHoursConfigurableModule {
  /** Options are all optional, so a bare `register()` gives the plain NYSE calendar. */
  static override register(options: typeof MARKET_HOURS_OPTIONS_TYPE = {}): DynamicModule {
    return super.register(options);
  }
}
