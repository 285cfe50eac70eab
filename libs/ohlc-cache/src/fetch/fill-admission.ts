import { Injectable } from '@nestjs/common';
import { FillRefusedError } from '@app/ohlc-core';
import { InjectClock, type ClockPort } from '@app/market-hours';
import { RecentlySetMap } from '../bookkeeping/recently-set-map';
import { InjectOhlcCacheOptions } from '../ohlc-cache.decorators';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';

export const DEFAULT_MAX_CONCURRENT_FILLS = 8;
export const DEFAULT_MAX_FILLS_PER_CLIENT_PER_MINUTE = 120;
/** Clients whose starts this minute are remembered; a forgotten one starts its minute again. */
const MAX_TRACKED_CLIENTS = 10_000;
const MINUTE_MS = 60_000;
/** When to retry a fill refused for want of a free slot: fills take seconds. */
const RETRY_SLOT_MS = 1_000;

interface Minute {
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
  private running = 0;
  private readonly runningByClient = new Map<string, number>();
  private readonly minutes = new RecentlySetMap<Minute>(MAX_TRACKED_CLIENTS);

  constructor(
    @InjectOhlcCacheOptions() options: OhlcCacheModuleOptions,
    @InjectClock() private readonly clock: ClockPort,
  ) {
    const fills = options.fills ?? {};
    this.maxConcurrent = fills.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_FILLS;
    this.maxPerClient = fills.maxPerClient ?? Math.max(1, Math.floor(this.maxConcurrent / 2));
    this.maxPerMinute = fills.maxPerClientPerMinute ?? DEFAULT_MAX_FILLS_PER_CLIENT_PER_MINUTE;
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
   * Takes a slot for one fill caused by `client`, or throws `FillRefusedError`.
   * @returns what frees the slot; call it once, when the fill has ended.
   */
  admit(client: string | undefined): () => void {
    this.checkClient(client);
    const now = this.clock.now();
    const mine = client === undefined ? 0 : (this.runningByClient.get(client) ?? 0);
    const minute = client === undefined ? undefined : this.minuteOf(client, now);
    if (minute && minute.started >= this.maxPerMinute) {
      throw new FillRefusedError(
        'client',
        `${client} started ${minute.started} fetches from upstream this minute (at most ${this.maxPerMinute})`,
        minute.endsAt,
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
    if (client !== undefined) this.runningByClient.set(client, mine + 1);
    if (minute) minute.started++;
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

  private minuteOf(client: string, now: number): Minute {
    let minute = this.minutes.get(client);
    if (!minute || minute.endsAt <= now) {
      minute = { endsAt: now + MINUTE_MS, started: 0 };
      this.minutes.set(client, minute);
    }
    return minute;
  }
}
