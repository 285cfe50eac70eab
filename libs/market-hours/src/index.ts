export * from './clock.port';
export * from './market-hours.module';
export type { MarketHoursModuleOptions } from './market-hours.module-definition';
export * from './market-hours.service';
export * from './nyse-calendar';
export {
  newYorkDateStartUtc,
  newYorkMinuteOn,
  newYorkWallClock,
  type NewYorkWallClock,
} from './new-york-time';
export {
  easterSunday,
  isSupportedYear,
  type MarketDate,
  NYSE_FIRST_YEAR,
  NYSE_LAST_YEAR,
  NYSE_ONE_OFF_CLOSURES,
  NYSE_ONE_OFF_EARLY_CLOSES,
  nyseClosures,
  nyseEarlyCloses,
} from './nyse-holidays';
