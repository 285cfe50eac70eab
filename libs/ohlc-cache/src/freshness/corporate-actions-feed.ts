import { Injectable, Logger } from '@nestjs/common';
import { DAY_MS } from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import type { OhlcProvider } from '@app/market-data';
import { RecentlySetMap } from '../bookkeeping/recently-set-map';
import { SharedPromises } from '../bookkeeping/shared-promises';
import type {
  ActionsKey,
  CorporateActionsStore,
  StoredCorporateActions,
} from '../corporate-actions-store.port';
import { describeError } from '../describe-error';
import { DEFAULT_UPSTREAM_DEADLINE_MS } from '../fetch/gap-filler';
import { SeriesVersions } from '../l1/series-versions';
import { OhlcCacheCounters } from '../ohlc-cache.counters';
import { InjectCorporateActionsStore, InjectOhlcCacheOptions } from '../ohlc-cache.decorators';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import type { CacheLayer } from '../ohlc-result';
import { DEFAULT_REFRESH, freshSince } from './refresh';

/** How far past today a feed is asked: announced actions are known this far ahead. */
const AHEAD_MS = 366 * DAY_MS;
/** A claim older than this is taken to be dead (its holder gave up or died), ms. */
const CLAIM_LIFE_MS = 60_000;

/** A feed's answer as a request got it, and from where. */
export interface ActionsRead extends StoredCorporateActions {
  readonly layer: CacheLayer;
  /** When this copy stops being fresh (epoch ms): the next request after asks again. */
  readonly freshUntil: number;
}

/**
 * A ticker's corporate actions from a provider's feed (docs/architecture.md#corporate-actions):
 * from this process's copy while fresh, else from L2, else asked of the feed
 * by one instance per refresh window (a claim in L2) and kept in both.
 */
@Injectable()
export class CorporateActionsFeed {
  private readonly logger = new Logger(CorporateActionsFeed.name);
  private readonly copies: RecentlySetMap<StoredCorporateActions>;
  private readonly reads = new SharedPromises<ActionsRead | undefined>();
  private readonly refreshMs: number;
  private readonly deadlineMs: number;

  constructor(
    @InjectCorporateActionsStore() private readonly store: CorporateActionsStore,
    private readonly hours: MarketHoursService,
    private readonly versions: SeriesVersions,
    private readonly counters: OhlcCacheCounters,
    @InjectOhlcCacheOptions() options: OhlcCacheModuleOptions,
  ) {
    this.refreshMs = options.refresh?.corporateActionsMs ?? DEFAULT_REFRESH.corporateActionsMs;
    this.deadlineMs = options.upstreamDeadlineMs ?? DEFAULT_UPSTREAM_DEADLINE_MS;
    this.copies = new RecentlySetMap(versions.maxSeries);
  }

  /** `SeriesVersions` id of a ticker's actions from one source: bumped when they change. */
  static versionId(key: ActionsKey): string {
    return `${key.ticker}#${key.source}#actions`;
  }

  /**
   * The feed's actions with an ex-date from `from` (00:00Z) on; undefined when
   * the provider has no feed, or it could not be had and nothing is stored.
   * @param generation the ticker's invalidation generation, which scopes this process's copy.
   */
  async read(
    ticker: string,
    provider: OhlcProvider,
    from: number,
    generation: number,
  ): Promise<ActionsRead | undefined> {
    if (!provider.fetchCorporateActions) return undefined;
    const key = { ticker, source: provider.name };
    const copyKey = `${CorporateActionsFeed.versionId(key)}#${generation}`;
    const copy = this.copies.get(copyKey);
    if (copy && this.isFresh(copy, from)) return this.answer(copy, 'in-memory');
    return this.reads.share(`${copyKey}#${from}`, async () => {
      const read = await this.load(key, provider, from);
      if (read) this.keep(copyKey, key, read);
      return read;
    });
  }

  private async load(
    key: ActionsKey,
    provider: OhlcProvider,
    from: number,
  ): Promise<ActionsRead | undefined> {
    const stored = await this.store.read(key).catch((error: unknown) => this.l2Failed(error));
    if (stored && this.isFresh(stored, from)) return this.answer(stored, 'persistent-cache');
    const at = this.hours.now();
    const claimed = await this.store
      .claim(key, at, {
        staleBefore: freshSince(at, this.refreshMs),
        from,
        claimsSince: at - CLAIM_LIFE_MS,
      })
      // L2 unreachable: serving matters more than asking the feed twice.
      .catch((error: unknown) => this.l2Failed(error) ?? true);
    if (!claimed) {
      // Another instance is asking, or just asked: its answer, or the last one.
      const latest = await this.store.read(key).catch((error: unknown) => this.l2Failed(error));
      const known = latest ?? stored;
      return known && this.answer(known, 'persistent-cache');
    }
    try {
      const answer = await this.ask(key, provider, Math.min(from, stored?.from ?? from), at);
      await this.store.save(key, answer).catch((error: unknown) => this.l2Failed(error));
      return this.answer(answer, 'live-api');
    } catch (error) {
      this.logger.warn(
        `Corporate actions of ${key.ticker} from ${key.source} unavailable: ${describeError(error)}`,
      );
      await this.store.release(key, at).catch((e: unknown) => this.l2Failed(e));
      return stored && this.answer(stored, 'persistent-cache');
    }
  }

  private async ask(
    key: ActionsKey,
    provider: OhlcProvider,
    from: number,
    at: number,
  ): Promise<StoredCorporateActions> {
    const today = this.hours.nyDateStartUtc(at);
    const answer = await provider.fetchCorporateActions!(
      key.ticker,
      { from, to: today + AHEAD_MS },
      AbortSignal.timeout(this.deadlineMs),
    );
    this.counters.provider(provider.name).corporateActionCalls++;
    return { actions: answer.actions, covers: answer.covers, from, checkedAt: at };
  }

  private isFresh(stored: StoredCorporateActions, from: number): boolean {
    return stored.from <= from && stored.checkedAt >= freshSince(this.hours.now(), this.refreshMs);
  }

  private answer(stored: StoredCorporateActions, layer: CacheLayer): ActionsRead {
    return { ...stored, layer, freshUntil: stored.checkedAt + this.refreshMs };
  }

  /** Keeps the copy, and tells the answers built on the last one that they are stale. */
  private keep(copyKey: string, key: ActionsKey, read: StoredCorporateActions): void {
    const before = this.copies.get(copyKey);
    const { actions, covers, from, checkedAt } = read;
    this.copies.set(copyKey, { actions, covers, from, checkedAt });
    if (
      !before ||
      JSON.stringify([before.actions, before.covers]) !== JSON.stringify([actions, covers])
    ) {
      this.versions.bumpId(CorporateActionsFeed.versionId(key));
    }
  }

  private l2Failed(error: unknown): undefined {
    this.logger.error(`L2 corporate actions failed: ${describeError(error)}`);
    return undefined;
  }
}
