const NEW_YORK_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export interface NewYorkWallClock {
  /** `Mon` … `Sun`. */
  readonly weekday: string;
  /** Minutes since local midnight. */
  readonly minuteOfDay: number;
}

/** The New York wall clock at `instant` (epoch ms), through the platform's IANA zone data. */
export function newYorkWallClock(instant: number): NewYorkWallClock {
  const parts = Object.fromEntries(
    NEW_YORK_PARTS.formatToParts(instant).map((p) => [p.type, p.value] as const),
  );
  return {
    weekday: parts.weekday ?? '',
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}
