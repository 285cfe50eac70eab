import type { Interval, StoredCandle } from '@app/ohlc-core';
import type { VolatileCheck } from '../ohlc-cache.port';

/**
 * What one bucket costs on the heap beyond its column buffer, in bytes: the
 * bucket object, its typed-array view and ArrayBuffer, the covered array and
 * the LRU's slot and key (measured with `--expose-gc` by `npm run bench`).
 */
export const BUCKET_OVERHEAD_BYTES = 480;
/** One covered span: the object and its slot in the array. */
const SPAN_BYTES = 48;
/** The latest volatile check: its object and span. */
const CHECK_BYTES = 96;

interface PlainBucket {
  readonly candles: readonly StoredCandle[];
  readonly covered: readonly Interval[];
  readonly check?: VolatileCheck;
}

/** Columns every bucket has, in this order; optional ones follow when present. */
const OPEN = 0;
const HIGH = 1;
const LOW = 2;
const CLOSE = 3;
const VOLUME = 4;
const START = 5;
const FETCHED = 6;
const FIXED_COLUMNS = 7;
/**
 * `encode`'s layout: version, length, the three optional columns, the number
 * of covered spans, the check (span from, span to, closedUntil, at: NaN
 * without one), then the spans and the columns.
 */
const ENCODING_VERSION = 2;
const HEADER_LENGTH = 10;
const NO_CHECK = [NaN, NaN, NaN, NaN];

/**
 * One L1 entry: the candles of a bucket (a UTC day of an intraday series, a
 * UTC year of a daily one) in columns of one Float64Array, 56 bytes a candle,
 * plus 8 for each optional column that any candle needs (expiry, split
 * factor, dividend). NaN stands for an absent value, which no stored candle
 * has (prices and volumes are validated finite). Immutable: a write builds a
 * new bucket.
 */
export class CandleBucket {
  private constructor(
    private readonly columns: Float64Array,
    readonly length: number,
    /** Column of `expiresAt`, `splitFactor`, `divCash`; -1 when no candle has one. */
    private readonly optional: { expires: number; split: number; div: number },
    readonly covered: readonly Interval[],
    /** The latest check of the bucket's not-yet-final span, if any (see `VolatileCheck`). */
    readonly check: VolatileCheck | undefined,
  ) {}

  /** `candles` oldest first, unique starts. */
  static of(
    candles: readonly StoredCandle[],
    covered: readonly Interval[],
    check?: VolatileCheck,
  ): CandleBucket {
    const n = candles.length;
    let next = FIXED_COLUMNS;
    const column = (needed: boolean) => (needed ? next++ : -1);
    const optional = {
      expires: column(candles.some((c) => c.expiresAt !== undefined)),
      split: column(candles.some((c) => c.splitFactor !== undefined)),
      div: column(candles.some((c) => c.divCash !== undefined)),
    };
    const columns = new Float64Array(next * n);
    const put = (col: number, i: number, value: number | undefined) => {
      if (col >= 0) columns[col * n + i] = value ?? NaN;
    };
    for (let i = 0; i < n; i++) {
      const c = candles[i];
      put(OPEN, i, c.open);
      put(HIGH, i, c.high);
      put(LOW, i, c.low);
      put(CLOSE, i, c.close);
      put(VOLUME, i, c.volume);
      put(START, i, c.start);
      put(FETCHED, i, c.fetchedAt);
      put(optional.expires, i, c.expiresAt);
      put(optional.split, i, c.splitFactor);
      put(optional.div, i, c.divCash);
    }
    return new CandleBucket(columns, n, optional, covered, check);
  }

  /**
   * A bucket as it was stored: itself from an in-memory store, or the plain
   * JSON of `toJSON` from a store that serialises (an app's own Redis, say).
   */
  static revive(stored: unknown): CandleBucket | undefined {
    if (stored instanceof CandleBucket) return stored;
    const plain = stored as Partial<PlainBucket> | null | undefined;
    if (!Array.isArray(plain?.candles) || !Array.isArray(plain?.covered)) return undefined;
    return CandleBucket.of(plain.candles, plain.covered, plain.check);
  }

  /**
   * The bucket as one string for a shared store (the shared L1 tier): its
   * column buffer, covered spans and check as base64 of one Float64Array, 75
   * bytes a candle (96 with an optional column), where the candles as JSON
   * objects take about 120, and no parsing of numbers on the way back.
   */
  encode(): string {
    const { expires, split, div } = this.optional;
    const { check } = this;
    const header = [
      ENCODING_VERSION,
      this.length,
      expires,
      split,
      div,
      this.covered.length,
      ...(check ? [check.span.from, check.span.to, check.closedUntil, check.at] : NO_CHECK),
    ];
    const spans = this.covered.flatMap((c) => [c.from, c.to]);
    const all = new Float64Array(header.length + spans.length + this.columns.length);
    all.set(header);
    all.set(spans, header.length);
    all.set(this.columns, header.length + spans.length);
    return Buffer.from(all.buffer).toString('base64');
  }

  /** A bucket `encode` wrote; undefined for anything else (another version, garbage). */
  static decode(encoded: string): CandleBucket | undefined {
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length < HEADER_LENGTH * 8 || bytes.length % 8 !== 0) return undefined;
    const all = new Float64Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    );
    const [version, length, expires, split, div, spans, from, to, closedUntil, at] = all;
    const columnsAt = HEADER_LENGTH + 2 * spans;
    const width = FIXED_COLUMNS + [expires, split, div].filter((c) => c >= 0).length;
    if (version !== ENCODING_VERSION || all.length !== columnsAt + width * length) return undefined;
    const covered = Array.from({ length: spans }, (_, i) => ({
      from: all[HEADER_LENGTH + 2 * i],
      to: all[HEADER_LENGTH + 2 * i + 1],
    }));
    const check = Number.isNaN(at) ? undefined : { span: { from, to }, closedUntil, at };
    return new CandleBucket(all.slice(columnsAt), length, { expires, split, div }, covered, check);
  }

  /** What a serialising store writes: the candles as objects, the covered spans and the check. */
  toJSON(): PlainBucket {
    return { candles: this.all(), covered: this.covered, ...(this.check && { check: this.check }) };
  }

  /** Heap bytes the bucket holds (its key aside). */
  get byteSize(): number {
    return (
      this.columns.byteLength +
      BUCKET_OVERHEAD_BYTES +
      this.covered.length * SPAN_BYTES +
      (this.check ? CHECK_BYTES : 0)
    );
  }

  /** Candles starting in `range` that have not expired at `now`, oldest first. */
  candlesIn(range: Interval, now: number): StoredCandle[] {
    const out: StoredCandle[] = [];
    const { columns: f, length: n } = this;
    const expires = this.optional.expires;
    for (let i = 0; i < n; i++) {
      const start = f[START * n + i];
      if (start < range.from || start >= range.to) continue;
      if (expires >= 0 && f[expires * n + i] <= now) continue;
      out.push(this.candle(i));
    }
    return out;
  }

  /** Every candle, expired ones included. */
  all(): StoredCandle[] {
    return Array.from({ length: this.length }, (_, i) => this.candle(i));
  }

  private candle(i: number): StoredCandle {
    const { columns: f, length: n } = this;
    const candle: {
      -readonly [K in keyof StoredCandle]: StoredCandle[K];
    } = {
      start: f[START * n + i],
      open: f[OPEN * n + i],
      high: f[HIGH * n + i],
      low: f[LOW * n + i],
      close: f[CLOSE * n + i],
      fetchedAt: f[FETCHED * n + i],
    };
    const volume = f[VOLUME * n + i];
    if (!Number.isNaN(volume)) candle.volume = volume;
    const optional = (col: number) => (col >= 0 ? f[col * n + i] : NaN);
    const expiresAt = optional(this.optional.expires);
    if (!Number.isNaN(expiresAt)) candle.expiresAt = expiresAt;
    const splitFactor = optional(this.optional.split);
    if (!Number.isNaN(splitFactor)) candle.splitFactor = splitFactor;
    const divCash = optional(this.optional.div);
    if (!Number.isNaN(divCash)) candle.divCash = divCash;
    return candle;
  }
}
