import { Injectable } from '@nestjs/common';
import { FillRefusedError } from '@app/ohlc-core';
import type { OhlcProvider } from '@app/market-data';
import { InjectClock, type ClockPort } from '@app/market-hours';
import { RecentlySetMap } from '../bookkeeping/recently-set-map';
import { InjectOhlcCacheOptions } from '../ohlc-cache.decorators';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';

export const DEFAULT_MAX_CONCURRENT_FILLS = 8;
export const DEFAULT_MAX_FILLS_PER_CLIENT_PER_MINUTE = 120;
export const DEFAULT_MAX_CLIENT_BUDGET_SHARE = 0.5;
/** Clients whose starts this minute are remembered; a forgotten one starts its minute again. */
const MAX_TRACKED_CLIENTS = 10_000;
const MINUTE_MS = 60_000;
/** When to retry a fill refused for want of a free slot: fills take seconds. */
const RETRY_SLOT_MS = 1_000;

/** Fills one client started in one fixed window. */
interface Window {
  readonly endsAt: number;
  started: number;
}

/**
 * Admits fills (fetches from upstream) within the instance's bound and each
 * client's share of it, so that one client's flood of cold requests for new
 * series cannot take the memory, the upstream budget and the event loop
 * other clients' cached answers need. A fill holds its slot until it ends,
 * whether or not anyone still waits for it: an abandoned fill still completes
 * into the cache, and still counts against the client that caused it.
 */
@Injectable()
export class FillAdmission {
  private readonly maxConcurrent: number;
  private readonly maxPerClient: number;
  private readonly maxPerMinute: number;
  private readonly budgetShare: number;
  private running = 0;
  private readonly runningByClient = new Map<string, number>();
  /** By client, and by client, provider and budget window. */
  private readonly windows = new RecentlySetMap<Window>(MAX_TRACKED_CLIENTS);

  constructor(
    @InjectOhlcCacheOptions() options: OhlcCacheModuleOptions,
    @InjectClock() private readonly clock: ClockPort,
  ) {
    const fills = options.fills ?? {};
    this.maxConcurrent = fills.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_FILLS;
    this.maxPerClient = fills.maxPerClient ?? Math.max(1, Math.floor(this.maxConcurrent / 2));
    this.maxPerMinute = fills.maxPerClientPerMinute ?? DEFAULT_MAX_FILLS_PER_CLIENT_PER_MINUTE;
    this.budgetShare = fills.maxClientBudgetShare ?? DEFAULT_MAX_CLIENT_BUDGET_SHARE;
  }

  /** Fills running now, for metrics. */
  get inFlight(): number {
    return this.running;
  }

  /**
   * Throws `FillRefusedError` when `client` already runs its share: a request
   * memory cannot answer is refused before it reads L2, which a flood of new
   * series would otherwise keep busy for nothing.
   */
  checkClient(client: string | undefined): void {
    const mine = client === undefined ? 0 : (this.runningByClient.get(client) ?? 0);
    if (client !== undefined && mine >= this.maxPerClient) {
      throw new FillRefusedError(
        'client',
        `${client} already has ${mine} fetches from upstream running (at most ${this.maxPerClient})`,
        this.clock.now() + RETRY_SLOT_MS,
      );
    }
  }

  /**
   * Takes a slot for one fill of `provider` caused by `client`, or throws `FillRefusedError`.
   * @returns what frees the slot; call it once, when the fill has ended.
   */
  admit(client: string | undefined, provider?: Pick<OhlcProvider, 'name' | 'budget'>): () => void {
    this.checkClient(client);
    const now = this.clock.now();
    const windows =
      client === undefined
        ? []
        : [
            { key: client, limit: this.maxPerMinute, windowMs: MINUTE_MS, of: 'this minute' },
            // A whole share leaves the budget to the provider's own limiter (its 503s).
            ...(this.budgetShare < 1 ? (provider?.budget ?? []) : []).map((w, i) => ({
              key: `${client}\n${provider?.name}\n${i}`,
              limit: Math.max(1, Math.floor(w.limit * this.budgetShare)),
              windowMs: w.windowMs,
              of: `of ${provider?.name}'s budget of ${w.limit} per ${w.windowMs / 1000} s`,
            })),
          ].map((w) => ({ ...w, window: this.windowOf(w.key, w.windowMs, now) }));
    const spent = windows.find((w) => w.window.started >= w.limit);
    if (spent) {
      throw new FillRefusedError(
        'client',
        `${client} started ${spent.window.started} fetches from upstream ${spent.of} (at most ${spent.limit})`,
        spent.window.endsAt,
      );
    }
    if (this.running >= this.maxConcurrent) {
      throw new FillRefusedError(
        'instance',
        `This instance already runs ${this.running} fetches from upstream (at most ${this.maxConcurrent})`,
        now + RETRY_SLOT_MS,
      );
    }
    this.running++;
    if (client !== undefined) {
      this.runningByClient.set(client, (this.runningByClient.get(client) ?? 0) + 1);
    }
    for (const w of windows) w.window.started++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      if (client === undefined) return;
      const left = (this.runningByClient.get(client) ?? 1) - 1;
      if (left > 0) this.runningByClient.set(client, left);
      else this.runningByClient.delete(client);
    };
  }

  private windowOf(key: string, windowMs: number, now: number): Window {
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { endsAt: now + windowMs, started: 0 };
      this.windows.set(key, window);
    }
    return window;
  }
}
