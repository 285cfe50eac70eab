import { ProviderUnavailableError, type Interval } from '@app/ohlc-core';
import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import type { CorporateActionsAnswer, OhlcProvider } from '@app/market-data';
import { SeriesVersions } from '../l1/series-versions';
import { OhlcCacheCounters } from '../ohlc-cache.counters';
import { FakeCorporateActionsStore, ScriptedProvider } from '../testing';
import { CorporateActionsFeed } from './corporate-actions-feed';

const D = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const HOUR = 3_600_000;
const SPLIT = { date: D('2024-06-10'), splitFactor: 10 };

/** A provider whose feed answers what the test says, counting the asks. */
class FeedProvider implements OhlcProvider {
  readonly name = 'feed';
  readonly resolutions = ['D' as const];
  readonly asked: Interval[] = [];
  answer: CorporateActionsAnswer | Error = {
    actions: [SPLIT],
    covers: { splits: true, dividends: true },
  };

  fetchCandles() {
    return Promise.resolve([]);
  }

  fetchCorporateActions(_ticker: string, range: Interval): Promise<CorporateActionsAnswer> {
    this.asked.push(range);
    return this.answer instanceof Error
      ? Promise.reject(this.answer)
      : Promise.resolve(this.answer);
  }
}

describe(CorporateActionsFeed.name, () => {
  const clock = new FixedClock('2024-06-10T15:00:00Z');
  const hours = new MarketHoursService(clock, new NyseCalendar());
  const options = {
    provider: new FeedProvider(),
    l2: { backend: 'embedded' as const, tableName: 't' },
    refresh: { corporateActionsMs: 6 * HOUR },
  };
  let store: FakeCorporateActionsStore;
  let provider: FeedProvider;
  let versions: SeriesVersions;
  const feed = () =>
    new CorporateActionsFeed(store, hours, versions, new OhlcCacheCounters(), options);
  const from = D('2024-05-24');

  beforeEach(() => {
    clock.set('2024-06-10T15:00:00Z');
    store = new FakeCorporateActionsStore();
    provider = new FeedProvider();
    versions = new SeriesVersions(1_000);
  });

  it('asks the feed from the date asked through a year ahead, once, then answers from memory', async () => {
    const sut = feed();

    const first = await sut.read('NVDA', provider, from, 0);
    const again = await Promise.all([1, 2, 3].map(() => sut.read('NVDA', provider, from, 0)));

    expect(first).toMatchObject({ actions: [SPLIT], layer: 'live-api', from });
    expect(again.map((r) => r?.layer)).toEqual(['in-memory', 'in-memory', 'in-memory']);
    expect(provider.asked).toEqual([{ from, to: D('2025-06-11') }]);
  });

  it("serves another instance's fresh answer from L2, and asks again only once it is stale", async () => {
    await feed().read('NVDA', provider, from, 0);
    clock.set('2024-06-10T20:00:00Z');

    await expect(feed().read('NVDA', provider, from, 0)).resolves.toMatchObject({
      layer: 'persistent-cache',
    });
    clock.set('2024-06-10T21:00:01Z');
    await expect(feed().read('NVDA', provider, from, 0)).resolves.toMatchObject({
      layer: 'live-api',
    });
    expect(provider.asked).toHaveLength(2);
  });

  it('asks again for dates before those it holds', async () => {
    const sut = feed();
    await sut.read('NVDA', provider, from, 0);

    await sut.read('NVDA', provider, D('2023-01-02'), 0);

    expect(provider.asked.map((r) => r.from)).toEqual([from, D('2023-01-02')]);
  });

  it('serves the last answer when the feed fails, and asks again on the next request', async () => {
    await feed().read('NVDA', provider, from, 0);
    clock.set('2024-06-11T15:00:00Z');
    provider.answer = new ProviderUnavailableError('feed', 'HTTP 502');
    const sut = feed();

    await expect(sut.read('NVDA', provider, from, 0)).resolves.toMatchObject({
      actions: [SPLIT],
      layer: 'persistent-cache',
    });
    await sut.read('NVDA', provider, from, 0);
    expect(provider.asked).toHaveLength(3);
  });

  it('tells the answers built on the last copy when the actions change', async () => {
    const id = CorporateActionsFeed.versionId({ ticker: 'NVDA', source: 'feed' });
    const sut = feed();
    await sut.read('NVDA', provider, from, 0);
    const noted = versions.ofId(id);
    clock.set('2024-06-11T15:00:00Z');

    await sut.read('NVDA', provider, from, 0);
    expect(versions.ofId(id)).toBe(noted);
    provider.answer = { actions: [], covers: { splits: true, dividends: true } };
    clock.set('2024-06-12T15:00:00Z');
    await sut.read('NVDA', provider, from, 0);
    expect(versions.ofId(id)).not.toBe(noted);
  });

  it('has nothing for a provider without a feed', async () => {
    await expect(
      feed().read('NVDA', new ScriptedProvider([], 'plain'), from, 0),
    ).resolves.toBeUndefined();
  });
});
