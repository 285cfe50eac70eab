import type { Provider } from '@nestjs/common';
import { CacheInvalidationService } from './cache-invalidation.service';
import { CacheObserver, NO_CACHE_OBSERVER } from './cache-observer.port';
import { FillAdmission } from './fetch/fill-admission';
import { CorporateActionsFeed } from './freshness/corporate-actions-feed';
import { MissingSpans } from './freshness/missing-spans';
import { Reverification } from './freshness/reverification';
import { GapFiller } from './fetch/gap-filler';
import { InFlightFetches } from './fetch/in-flight-fetches';
import { UpstreamCalls } from './fetch/upstream-calls';
import { WriteThrough } from './fetch/write-through';
import { GenerationScopedStore } from './l1/generation-scoped.store';
import { maxTrackedSeries } from './l1/l1-store';
import { L1Usage } from './l1/l1-usage';
import { MemoryCandleStore } from './l1/memory-candle.store';
import { SeriesVersions } from './l1/series-versions';
import { CacheTableProbe } from './l2/cache-table-probe';
import { dynamoDbProviders } from './l2/dynamodb.providers';
import { l2AdminProvider, l2InspectorProvider } from './l2/l2-admin.provider';
import type { OhlcCacheModuleOptions } from './ohlc-cache.options';
import { L1Cache } from './ohlc-cache.port';
import { OHLC_CACHE_OPTIONS, OHLC_UPSTREAMS } from './ohlc-cache.tokens';
import { OhlcService } from './ohlc.service';
import { AdjustedView } from './read/adjusted-view';
import { AnswerAssembly } from './read/answer-assembly';
import { GapClaims } from './read/gap-claims';
import { LayerReader } from './read/layer-reader';
import { SourceReader } from './read/source-reader';
import { ResultFreshness } from './reuse/result-freshness';
import { TickerGenerations } from './l1/ticker-generations';
import { UpstreamBreakers } from './upstream/upstream-breakers';
import { WriteReplayQueue } from './write-replay/write-replay-queue';

/*
 * CacheModule's providers by layer, in the order a request meets them. Each
 * list is one layer's parts; the module itself only puts them together.
 */

/** L1: compact candles in process memory, scoped by each ticker's invalidation generation. */
export const l1Providers: Provider[] = [
  MemoryCandleStore,
  TickerGenerations,
  L1Usage,
  {
    provide: SeriesVersions,
    inject: [OHLC_CACHE_OPTIONS],
    useFactory: (options: OhlcCacheModuleOptions) => new SeriesVersions(maxTrackedSeries(options)),
  },
  {
    provide: L1Cache,
    inject: [MemoryCandleStore, TickerGenerations, SeriesVersions],
    useFactory: (
      store: MemoryCandleStore,
      generations: TickerGenerations,
      versions: SeriesVersions,
    ) => new GenerationScopedStore(store, generations, versions),
  },
];

/** L2: the DynamoDB client, table, stores, admin and inspector, and the replay of refused writes. */
export const l2Providers: Provider[] = [
  ...dynamoDbProviders,
  l2AdminProvider,
  l2InspectorProvider,
  CacheTableProbe,
  WriteReplayQueue,
];

/** The configured providers, each behind its circuit breaker. */
export const upstreamProviders: Provider[] = [
  UpstreamBreakers,
  {
    // Not the public OhlcProvider token: an app's options factory injects
    // that one, and re-providing it here would make the factory depend on itself.
    provide: OHLC_UPSTREAMS,
    inject: [OHLC_CACHE_OPTIONS, UpstreamBreakers],
    useFactory: (options: OhlcCacheModuleOptions, breakers: UpstreamBreakers) =>
      [options.provider, ...(options.fallbacks ?? [])].map((p) => breakers.wrap(p)),
  },
];

/** Filling gaps from upstream: admission, single-flight, the lease protocol, write-through. */
export const fetchProviders: Provider[] = [
  Reverification,
  MissingSpans,
  FillAdmission,
  {
    // As many series as L1's own versions track: a flight's version guards the same reads.
    provide: InFlightFetches,
    inject: [SeriesVersions],
    useFactory: (versions: SeriesVersions) => new InFlightFetches(versions.maxSeries),
  },
  GapFiller,
  UpstreamCalls,
  WriteThrough,
];

/**
 * The read path's three steps, the reader of one source that runs them, the
 * adjusted views over it (with the corporate actions they need), the service,
 * and what reuses or voids its answers.
 */
export const readPathProviders: Provider[] = [
  LayerReader,
  GapClaims,
  AnswerAssembly,
  SourceReader,
  CorporateActionsFeed,
  AdjustedView,
  OhlcService,
  ResultFreshness,
  CacheInvalidationService,
  {
    provide: CacheObserver,
    inject: [OHLC_CACHE_OPTIONS],
    useFactory: (options: OhlcCacheModuleOptions) => options.observer ?? NO_CACHE_OBSERVER,
  },
];
