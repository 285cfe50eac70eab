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
  type IrregularSession,
  type MarketDate,
  NYSE_REGULAR_HOURS,
  type SessionHours,
} from './market-date';
export {
  easterSunday,
  isSupportedYear,
  NYSE_FIRST_YEAR,
  NYSE_LAST_YEAR,
  NYSE_ONE_OFF_CLOSURES,
  nyseClosures,
  nyseIrregularSessions,
} from './nyse-holidays';
export { NYSE_ONE_OFF_SESSIONS } from './nyse-one-off-sessions';
