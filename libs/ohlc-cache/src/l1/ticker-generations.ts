import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectClock, type ClockPort } from '@app/market-hours';
import { InjectL2Admin, InjectOhlcCacheOptions } from '../ohlc-cache.decorators';
import type { InvalidationBus } from '../invalidation-bus.port';
import type { L2Admin } from '../l2-admin.port';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import { RecentlySetMap } from '../bookkeeping/recently-set-map';
import { SharedPromises } from '../bookkeeping/shared-promises';
import { maxTrackedSeries } from './l1-store';

/** Default of `L1Options.invalidationCheckMs`. */
export const DEFAULT_INVALIDATION_CHECK_MS = 5_000;

/**
 * A ticker's generation as one request uses it: assumed at once (the last one
 * this instance knew, 0 if none), while L2 confirms it. Reads made under the
 * assumed generation after this was created hold if the confirmation agrees:
 * every invalidation up to it was done (deletions included) before this
 * instance learnt it, so before those reads were sent. The confirmation is
 * read when first wanted, so that an L2 read made meanwhile can carry it
 * (`carry`) instead of a request of its own.
 */
export class GenerationCheck {
  private confirmation?: Promise<number>;

  constructor(
    private assumedGeneration: number,
    /** Starts the confirmation: the read `carried` makes, or one of its own (shared, or none while fresh). */
    private readonly start: (carried?: () => Promise<number>) => Promise<number>,
    /** Whether starting it now would read L2. */
    private readonly wouldRead: () => boolean,
  ) {}

  /** The generation to read and write L1 under, and to judge reads by. */
  get assumed(): number {
    return this.assumedGeneration;
  }

  /** Whether the confirmation is still to be read from L2, so that an L2 read may carry it. */
  get carriable(): boolean {
    return this.confirmation === undefined && this.wouldRead();
  }

  /** Confirms with the generation `read` gets, an L2 read sent after this was created. */
  carry(read: () => Promise<number>): void {
    this.confirmation ??= this.start(read);
  }

  /** Starts the confirmation now, for reads that take a round trip of their own anyway. */
  begin(): void {
    this.confirmation ??= this.start();
  }

  /**
   * Whether `assumed` is confirmed. When it is not, reads made under it are
   * void and `assumed` becomes the confirmed generation, which later reads
   * may trust at once (it was read after they start).
   */
  async confirm(): Promise<boolean> {
    const confirmed = await (this.confirmation ??= this.start());
    if (confirmed === this.assumedGeneration) return true;
    this.assumedGeneration = confirmed;
    return false;
  }
}

interface Known {
  readonly generation: number;
  /** Epoch ms of the last attempt to read it from L2. */
  readonly checkedAt: number;
}

/**
 * This instance's copy of each ticker's invalidation generation
 * (docs/architecture.md#invalidation), reread from L2 once it is older than
 * `l1.invalidationCheckMs`. Concurrent lookups of one ticker share one read.
 * With an `invalidationBus`, a bump is published and every instance adopts
 * it on arrival; the periodic reread stays, for a message that was lost.
 */
@Injectable()
export class TickerGenerations implements OnModuleInit {
  private readonly logger = new Logger(TickerGenerations.name);
  /** Bounded: a dropped ticker is assumed at 0 and confirmed from L2 like one never seen. */
  private readonly known: RecentlySetMap<Known>;
  private readonly reading = new SharedPromises<number>();
  private readonly checkMs: number;
  private readonly bus?: InvalidationBus;
  /** Whether L1 reads leave the process, so a check is better read beside them than after. */
  private readonly beginAtOnce: boolean;

  constructor(
    @InjectL2Admin() private readonly l2: L2Admin,
    @InjectClock() private readonly clock: ClockPort,
    @InjectOhlcCacheOptions() options: OhlcCacheModuleOptions,
  ) {
    this.checkMs = options.l1?.invalidationCheckMs ?? DEFAULT_INVALIDATION_CHECK_MS;
    this.known = new RecentlySetMap(maxTrackedSeries(options));
    this.bus = options.invalidationBus;
    this.beginAtOnce = options.l1?.shared !== undefined || options.l1?.stores !== undefined;
  }

  async onModuleInit(): Promise<void> {
    await this.bus?.subscribe((ticker, generation) => this.adopt(ticker, generation));
  }

  /** The ticker's generation; `carried` reads it when L2 must be asked (default: its own `GetItem`). */
  current(ticker: string, carried?: () => Promise<number>): Promise<number> {
    const fresh = this.peek(ticker);
    if (fresh !== undefined) return Promise.resolve(fresh);
    const known = this.known.get(ticker);
    return this.reading.share(ticker, () => this.read(ticker, known, carried));
  }

  /**
   * The generation to read under now, confirmed by `current` when first
   * wanted: lets a request read the layers while the generation is reread,
   * instead of after, and an L2 read carry the reread. With L1 reads that
   * leave the process the reread starts at once, beside them.
   */
  check(ticker: string): GenerationCheck {
    const assumed = this.known.get(ticker)?.generation ?? 0;
    const check = new GenerationCheck(
      assumed,
      (carried) => this.current(ticker, carried),
      () => this.peek(ticker) === undefined && !this.reading.has(ticker),
    );
    if (this.beginAtOnce) check.begin();
    return check;
  }

  /**
   * The generation `current` would answer without reading L2, or undefined
   * when the copy is older than the check interval (or there is none): lets a
   * hot path stay synchronous while the copy is fresh.
   */
  peek(ticker: string): number | undefined {
    const known = this.known.get(ticker);
    return known && this.clock.now() - known.checkedAt < this.checkMs
      ? known.generation
      : undefined;
  }

  /** Bumps the ticker's generation in L2; this instance sees the new one at once, the others when told. */
  async bump(ticker: string): Promise<number> {
    const generation = await this.l2.bumpGeneration(ticker);
    this.adopt(ticker, generation);
    await this.bus?.publish(ticker, generation);
    return generation;
  }

  /** A generation learnt from L2 or from another instance: kept unless an even newer one is known. */
  private adopt(ticker: string, generation: number): void {
    const known = this.known.get(ticker)?.generation;
    if (known === undefined || generation > known) {
      this.known.set(ticker, { generation, checkedAt: this.clock.now() });
    }
  }

  /**
   * An unreadable generation keeps the last one known (0 if none) until the
   * next check: L1 keeps serving while L2 is down, and is not made to wait
   * for a failing L2 on every hit.
   */
  private async read(
    ticker: string,
    known: Known | undefined,
    carried = () => this.l2.generation(ticker),
  ): Promise<number> {
    let generation = known?.generation ?? 0;
    try {
      generation = await carried();
    } catch (error) {
      this.logger.warn(
        `Invalidation generation of ${ticker} unreadable, keeping ${generation}: ` +
          (error instanceof Error ? error.message : String(error)),
      );
    }
    this.known.set(ticker, { generation, checkedAt: this.clock.now() });
    return generation;
  }
}
