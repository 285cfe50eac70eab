/** Candle resolutions the service serves: minutes, or one NYSE trading day. */
export const RESOLUTIONS = ['1', '5', '15', '30', '60', 'D'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export type IntradayResolution = Exclude<Resolution, 'D'>;
/** The intraday ones, in minutes. */
export const INTRADAY_RESOLUTIONS = RESOLUTIONS.filter(
  (r): r is IntradayResolution => r !== 'D',
) as readonly IntradayResolution[];

const ALIASES: Readonly<Record<string, Resolution>> = {
  '1m': '1',
  '5m': '5',
  '15m': '15',
  '30m': '30',
  '1h': '60',
  '1d': 'D',
};

/** The dashboard's spellings of the resolutions, as `parseResolution` accepts them. */
export const RESOLUTION_ALIASES = Object.keys(ALIASES);

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Accepts the canonical values and the dashboard's aliases (`5m`, `1h`, `1d`, ...). */
export function parseResolution(value: string): Resolution | undefined {
  const v = value.trim();
  if ((RESOLUTIONS as readonly string[]).includes(v.toUpperCase())) {
    return v.toUpperCase() as Resolution;
  }
  // Own keys only: `constructor` or `toString` must not pass as an alias.
  const alias = v.toLowerCase();
  return Object.hasOwn(ALIASES, alias) ? ALIASES[alias] : undefined;
}

export function isIntraday(resolution: Resolution): resolution is IntradayResolution {
  return resolution !== 'D';
}

/** Length of one intraday candle in milliseconds. */
export function intradayMs(resolution: IntradayResolution): number {
  return Number(resolution) * MINUTE_MS;
}
