/**
 * A deterministic synthetic price path: a function of (ticker, instant) only,
 * so the same candle comes out on every call, on every instance, across
 * restarts, and every resolution is cut from the same one-minute path.
 */
const MINUTE_MS = 60_000;
const TWO_PI = 2 * Math.PI;
const SLOW_PERIOD_MS = 180 * 86_400_000;
const FAST_PERIOD_MS = 9 * 86_400_000;

export interface MinuteBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export class DemoPricePath {
  private readonly seed: number;
  private readonly base: number;
  private readonly phase: number;

  constructor(ticker: string) {
    this.seed = hashString(ticker);
    this.base = 20 + (this.seed % 48_000) / 100;
    this.phase = (this.seed % 1000) / 1000;
  }

  /** Price at any instant: slow and fast cycles plus noise interpolated between minute knots. */
  priceAt(instant: number): number {
    const minute = Math.floor(instant / MINUTE_MS);
    const t = (instant - minute * MINUTE_MS) / MINUTE_MS;
    const noise = (1 - t) * this.unit(minute, 1) + t * this.unit(minute + 1, 1);
    const cycles =
      0.15 * Math.sin(TWO_PI * (instant / SLOW_PERIOD_MS + this.phase)) +
      0.04 * Math.sin(TWO_PI * (instant / FAST_PERIOD_MS + 2 * this.phase));
    return round(this.base * Math.exp(cycles + 0.004 * noise));
  }

  /** The one-minute bar starting at `start`, cut at `until` when it is still forming. */
  minuteBar(start: number, until: number): MinuteBar {
    const end = Math.min(start + MINUTE_MS, until);
    const open = this.priceAt(start);
    const close = this.priceAt(end);
    const minute = Math.floor(start / MINUTE_MS);
    const wick = 1 + 0.0008 * Math.abs(this.unit(minute, 2));
    const elapsed = (end - start) / MINUTE_MS;
    return {
      open,
      close,
      high: round(Math.max(open, close) * wick),
      low: round(Math.min(open, close) / wick),
      volume: Math.round(elapsed * (2_000 + 48_000 * Math.abs(this.unit(minute, 3)))),
    };
  }

  /** A uniform value in [-1, 1] for (minute, stream). */
  private unit(minute: number, stream: number): number {
    return (mix(this.seed ^ mix(minute * 4 + stream)) / 0xffffffff) * 2 - 1;
  }
}

function round(price: number): number {
  return Math.round(price * 100) / 100;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A 32-bit integer finaliser (murmur3 fmix32): neighbouring inputs give unrelated outputs. */
function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
