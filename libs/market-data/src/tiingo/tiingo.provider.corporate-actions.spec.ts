import { type Interval, ProviderUnavailableError } from '@app/ohlc-core';
import { FakeTiingoServer } from '../testing/fake-tiingo-server';
import { jsonAnswer } from '../testing/fake-upstream-server';
import { RecordingLogger } from '../testing/recording-logger';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { TiingoProvider } from './tiingo.provider';

const API_KEY = 'tiingo-secret-key-4242';
const D = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
/** From 2024 into the following year: NVDA's split of 2024-06-10 was announced on 2024-05-22. */
const AHEAD: Interval = { from: D('2024-01-01'), to: D('2025-01-01') };

describe(`${TiingoProvider.name} corporate actions`, () => {
  const server = new FakeTiingoServer({ apiKey: API_KEY });
  const withoutBeta = new FakeTiingoServer({ apiKey: API_KEY, corporateActions: false });
  let logger: RecordingLogger;

  const create = (fake = server) =>
    new TiingoProvider({
      apiKey: API_KEY,
      baseUrl: fake.baseUrl,
      isCandleStart: weekdaySessionCandleStart,
      baseBackoffMs: 1,
      logger,
    });

  beforeAll(async () => {
    await Promise.all([server.start(), withoutBeta.start()]);
    server
      .setSplits('NVDA', [
        {
          ticker: 'NVDA',
          exDate: '2024-06-10',
          splitFrom: 1,
          splitTo: 10,
          splitFactor: 10,
          splitStatus: 'a',
        },
        {
          ticker: 'NVDA',
          exDate: '2021-07-20',
          splitFrom: 1,
          splitTo: 4,
          splitFactor: 4,
          splitStatus: 'a',
        },
        {
          ticker: 'NVDA',
          exDate: '2024-09-02',
          splitFrom: 1,
          splitTo: 2,
          splitFactor: 2,
          splitStatus: 'c',
        },
      ])
      .setDistributions('NVDA', [
        {
          ticker: 'NVDA',
          exDate: '2024-06-11T00:00:00.000Z',
          distribution: 0.01,
          distributionFreqency: 'q',
        },
        {
          ticker: 'NVDA',
          exDate: '2024-03-05T00:00:00.000Z',
          distribution: 0.04,
          distributionFreqency: 'q',
        },
        {
          ticker: 'NVDA',
          exDate: '2024-09-12T00:00:00.000Z',
          distribution: 0.01,
          distributionFreqency: 'c',
        },
      ])
      .setSplits('ODD', [
        { exDate: 'June 10', splitFrom: 1, splitTo: 2, splitStatus: 'a' },
        { exDate: '2024-06-10', splitFrom: 0, splitTo: 2, splitStatus: 'a' },
      ])
      .setSplits('BRK-B', [{ exDate: '2024-04-02', splitFrom: 1, splitTo: 3, splitStatus: 'a' }]);
  });

  afterAll(() => Promise.all([server.close(), withoutBeta.close()]));

  beforeEach(() => {
    server.reset();
    withoutBeta.reset();
    logger = new RecordingLogger();
  });

  it('asks the splits and distributions routes for the ex-dates, leaving cancelled ones out', async () => {
    const answer = await create().fetchCorporateActions('NVDA', AHEAD);

    expect(answer).toEqual({
      actions: [
        { date: D('2024-03-05'), divCash: 0.04 },
        { date: D('2024-06-10'), splitFactor: 10 },
        { date: D('2024-06-11'), divCash: 0.01 },
      ],
      covers: { splits: true, dividends: true },
    });
    expect(server.requests.map((r) => r.path)).toEqual([
      '/tiingo/corporate-actions/NVDA/splits',
      '/tiingo/corporate-actions/NVDA/distributions',
    ]);
    for (const request of server.requests) {
      expect(Object.fromEntries(request.query)).toEqual({
        startExDate: '2024-01-01',
        endExDate: '2024-12-31',
      });
      expect(request.headers.authorization).toBe(`Token ${API_KEY}`);
    }
  });

  it('spells class shares with a hyphen', async () => {
    const answer = await create().fetchCorporateActions('BRK.B', AHEAD);

    expect(answer.actions).toEqual([{ date: D('2024-04-02'), splitFactor: 3 }]);
    expect(server.requests[0].path).toBe('/tiingo/corporate-actions/BRK-B/splits');
  });

  it('reports an account without the corporate-actions beta as covering neither kind', async () => {
    const answer = await create(withoutBeta).fetchCorporateActions('NVDA', AHEAD);

    expect(answer).toEqual({ actions: [], covers: { splits: false, dividends: false } });
  });

  it('drops and counts unreadable rows', async () => {
    const sut = create();

    await expect(sut.fetchCorporateActions('ODD', AHEAD)).resolves.toMatchObject({ actions: [] });
    expect(sut.stats().droppedRows).toEqual({
      'split date is not a YYYY-MM-DD date': 1,
      'split factors are not positive numbers': 1,
    });
  });

  it('reports a body that is not a list as ProviderUnavailableError', async () => {
    server.enqueue(jsonAnswer(200, { detail: 'oops' }));

    await expect(create().fetchCorporateActions('NVDA', AHEAD)).rejects.toThrow(
      ProviderUnavailableError,
    );
  });
});
