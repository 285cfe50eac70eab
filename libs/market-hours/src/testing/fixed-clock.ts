import { parseIsoInstant } from '@app/ohlc-core';
import type { ClockPort } from '../clock.port';

/** A clock that only moves when the test says so. */
export class FixedClock implements ClockPort {
  private at: number;

  /** `now` is epoch ms or a UTC ISO instant such as `2025-03-07T14:30:00Z`. */
  constructor(now: number | string) {
    this.at = toInstant(now);
  }

  now(): number {
    return this.at;
  }

  set(at: number | string): void {
    this.at = toInstant(at);
  }

  advance(ms: number): void {
    this.at = toInstant(this.at + ms);
  }
}

function toInstant(value: number | string): number {
  const at = typeof value === 'number' ? value : parseIsoInstant(value);
  if (!Number.isFinite(at)) {
    throw new RangeError(`FixedClock needs epoch ms or a UTC ISO instant, got ${value}`);
  }
  return at;
}
