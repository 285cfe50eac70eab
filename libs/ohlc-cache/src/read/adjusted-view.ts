import { Injectable } from '@nestjs/common';
import {
  adjustCandles,
  combineCorporateActions,
  corporateActionsOf,
  DAY_MS,
  isIntraday,
  ProviderUnavailableError,
  toIsoDate,
  unadjustSplits,
  type Adjustment,
  type StoredCandle,
} from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import type { OhlcProvider } from '@app/market-data';
import { CorporateActionsFeed, type ActionsRead } from '../freshness/corporate-actions-feed';
import { SeriesVersions } from '../l1/series-versions';
import { InjectOhlcUpstreams } from '../ohlc-cache.decorators';
import { ageSeconds, deeperLayer, type OhlcResult } from '../ohlc-result';
import { UpstreamFailure } from './answer-assembly';
import type { ReadScope } from './series-window';
import { SourceReader } from './source-reader';

/**
 * Daily candles read before an adjusted window's first session: a dividend
 * on that session needs the close of the one before it, a week back at most.
 */
const PREVIOUS_CLOSE_LOOKBACK_MS = 10 * DAY_MS;

type Kind = 'splits' | 'dividends';

/**
 * Adjusted views (docs/api.md#adjusted-prices): a raw result in the requested
 * view, from the splits and dividends of the provider's corporate-actions
 * feed and of its daily rows, as known now. Where an action on some session
 * up to today cannot be known yet, the result says so (`adjustmentComplete`).
 */
@Injectable()
export class AdjustedView {
  constructor(
    @InjectOhlcUpstreams() private readonly providers: readonly OhlcProvider[],
    private readonly hours: MarketHoursService,
    private readonly source: SourceReader,
    private readonly feed: CorporateActionsFeed,
    private readonly versions: SeriesVersions,
  ) {}

  async apply(result: OhlcResult, requested: Adjustment, scope: ReadScope): Promise<OhlcResult> {
    if (requested === 'raw' || result.candles.length === 0) return result;
    const { series } = result;
    const provider = this.providers.find((p) => p.name === series.source);
    if (!provider || (!provider.resolutions.includes('D') && !provider.fetchCorporateActions)) {
      return result;
    }
    const sessionOf = isIntraday(series.resolution)
      ? (start: number) => this.hours.nyDateStartUtc(start)
      : (start: number) => start;
    const from = sessionOf(result.candles[0].start) - PREVIOUS_CLOSE_LOOKBACK_MS;
    const kinds: Kind[] = requested === 'all' ? ['splits', 'dividends'] : ['splits'];
    const feed = await this.feedOf(series.ticker, provider, from, scope);
    const covered = (kind: Kind) => feed?.covers[kind] === true;
    const rowsRaw = provider.resolutions.includes('D') && !provider.priceAdjustment?.D;
    const readDaily = provider.resolutions.includes('D') && (rowsRaw || requested === 'all');
    const daily = readDaily
      ? await this.dailyRows(series.ticker, provider, from, scope, kinds.every(covered))
      : undefined;
    // Candles an upstream adjusted itself, as of their fetch, are made raw again first.
    const splitsKnown = feed && covered('splits') ? feed.actions : undefined;
    const raw = (candles: readonly StoredCandle[], adjusted: boolean, dated = sessionOf) =>
      adjusted && splitsKnown
        ? unadjustSplits(candles, splitsKnown, dated, (c) => this.hours.nyDateStartUtc(c.fetchedAt))
        : candles;
    if (result.adjustment !== 'raw' && !splitsKnown) {
      return { ...result, adjustmentComplete: this.copiesAreCurrent(result, sessionOf) };
    }
    const today = this.hours.nyDateStartUtc(this.hours.now());
    const events = combineCorporateActions(
      feed ? feed.actions : [],
      rowsRaw && daily ? corporateActionsOf(daily.candles) : [],
    ).filter((a) => a.date <= today);
    let candles: StoredCandle[];
    try {
      candles = adjustCandles(raw(result.candles, result.adjustment !== 'raw'), {
        adjustment: requested,
        daily: raw(daily?.candles ?? [], !rowsRaw, (start) => start),
        events,
        sessionDateOf: sessionOf,
      });
    } catch (error) {
      // A dividend whose previous close the cache could not get: no honest factor exists.
      if (!(error instanceof RangeError)) throw error;
      throw new ProviderUnavailableError(provider.name, `cannot adjust prices: ${error.message}`);
    }
    const knownThrough = Math.min(
      ...kinds.map((kind) =>
        covered(kind) ? this.feedKnownThrough(feed!) : rowsRaw ? lastRow(daily) : -Infinity,
      ),
    );
    const last = this.lastSessionBy(today);
    const layer = deeperLayer(result.layer, daily?.layer, feed?.layer);
    return {
      ...result,
      candles,
      adjustment: requested,
      adjustmentComplete: last <= knownThrough || sessionOf(result.candles[0].start) >= last,
      layer,
      ageSeconds:
        layer === result.layer ? result.ageSeconds : ageSeconds(layer, candles, this.hours.now()),
      partial: result.partial || daily?.partial === true,
      writeFailed: result.writeFailed || daily?.writeFailed === true,
      readError: result.readError ?? daily?.readError,
      reuseUntil: Math.min(
        result.reuseUntil ?? Infinity,
        daily?.reuseUntil ?? Infinity,
        feed?.freshUntil ?? Infinity,
      ),
    };
  }

  /** The feed's actions, noted in the answer's basis so that a change retires the answer. */
  private async feedOf(
    ticker: string,
    provider: OhlcProvider,
    from: number,
    { log, generation }: ReadScope,
  ): Promise<ActionsRead | undefined> {
    const id = CorporateActionsFeed.versionId({ ticker, source: provider.name });
    log.note({ id, version: this.versions.ofId(id) }, false);
    return this.feed.read(ticker, provider, from, generation.assumed);
  }

  /**
   * The source's daily rows from `from` through today: final ones only when
   * the feed answers for every kind (they then give previous closes alone),
   * else today's too, asked for at most once per unsettled window.
   */
  private async dailyRows(
    ticker: string,
    provider: OhlcProvider,
    from: number,
    scope: ReadScope,
    feedAnswers: boolean,
  ): Promise<OhlcResult> {
    const query = {
      ticker,
      resolution: 'D' as const,
      range: { from, to: Number.MAX_SAFE_INTEGER },
    };
    try {
      return await this.source.read(query, provider, scope, {
        finalOnly: feedAnswers,
        formingWithinWindow: true,
      });
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      if (!error.cached) throw error.error;
      return error.cached;
    }
  }

  /** Through which ex-date (00:00Z) a feed's answer is complete: today while fresh, else its own date. */
  private feedKnownThrough(feed: ActionsRead): number {
    const now = this.hours.now();
    return feed.freshUntil > now
      ? this.hours.nyDateStartUtc(now)
      : this.hours.nyDateStartUtc(feed.checkedAt);
  }

  /** 00:00Z of the last session on or before `date`. */
  private lastSessionBy(date: number): number {
    const days = this.hours.tradingDays(toIsoDate(date - 10 * DAY_MS), toIsoDate(date));
    const last = days[days.length - 1];
    return last ? Date.parse(`${last}T00:00:00Z`) : date;
  }

  /**
   * Without the split feed, copies an upstream adjusted itself are served as
   * they are: complete only when each was fetched on or after the last
   * session, or is of that session itself.
   */
  private copiesAreCurrent(result: OhlcResult, sessionOf: (start: number) => number): boolean {
    const last = this.lastSessionBy(this.hours.nyDateStartUtc(this.hours.now()));
    return result.candles.every(
      (c) => sessionOf(c.start) >= last || this.hours.nyDateStartUtc(c.fetchedAt) >= last,
    );
  }
}

/** The date (00:00Z) of the newest daily row read: rows carry the actions of their own date. */
function lastRow(daily: OhlcResult | undefined): number {
  const candles = daily?.candles ?? [];
  return candles.length > 0 ? candles[candles.length - 1].start : -Infinity;
}
