import { type Interval, ProviderUnavailableError } from '@app/ohlc-core';
import { FakeFinnhubServer } from '../testing/fake-finnhub-server';
import { jsonAnswer } from '../testing/fake-upstream-server';
import { RecordingLogger } from '../testing/recording-logger';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { FinnhubProvider } from './finnhub.provider';

const API_KEY = 'finnhub-secret-token-7777';
const YEAR_2020: Interval = { from: Date.UTC(2020, 0, 1), to: Date.UTC(2021, 0, 1) };
const D = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe(`${FinnhubProvider.name} corporate actions`, () => {
  const server = new FakeFinnhubServer({ apiKey: API_KEY });
  const splitsOnly = new FakeFinnhubServer({ apiKey: API_KEY, dividends: false });
  let logger: RecordingLogger;

  const create = (fake = server) =>
    new FinnhubProvider({
      apiKey: API_KEY,
      baseUrl: fake.baseUrl,
      isCandleStart: weekdaySessionCandleStart,
      baseBackoffMs: 1,
      logger,
    });

  beforeAll(async () => {
    await Promise.all([server.start(), splitsOnly.start()]);
    for (const fake of [server, splitsOnly]) {
      fake.setSplits('AAPL', [
        { symbol: 'AAPL', date: '2020-08-31', fromFactor: 1, toFactor: 4 },
        { symbol: 'AAPL', date: '2014-06-09', fromFactor: 1, toFactor: 7 },
      ]);
      fake.setDividends('AAPL', [
        { symbol: 'AAPL', date: '2020-08-07', amount: 0.82, adjustedAmount: 0.205 },
        { symbol: 'AAPL', date: '2020-11-06', amount: 0.205, adjustedAmount: 0.205 },
        { symbol: 'AAPL', date: '2020-08-31', amount: 0.1, adjustedAmount: 0.1 },
      ]);
    }
    server.setSplits('ODD', [
      { symbol: 'ODD', date: '2020-03-02', fromFactor: 10, toFactor: 1 },
      { symbol: 'ODD', date: '2020/03/03', fromFactor: 1, toFactor: 2 },
      { symbol: 'ODD', date: '2020-03-04', fromFactor: 0, toFactor: 2 },
      { symbol: 'ODD', date: '2020-03-05', toFactor: 2 },
    ]);
    server.setDividends('ODD', [{ symbol: 'ODD', date: '2020-03-09', amount: -1 }]);
  });

  afterAll(() => Promise.all([server.close(), splitsOnly.close()]));

  beforeEach(() => {
    server.reset();
    splitsOnly.reset();
    logger = new RecordingLogger();
  });

  it('asks /stock/split and /stock/dividend for the dates, one action per ex-date', async () => {
    const answer = await create().fetchCorporateActions('AAPL', YEAR_2020);

    expect(answer).toEqual({
      actions: [
        { date: D('2020-08-07'), divCash: 0.82 },
        { date: D('2020-08-31'), splitFactor: 4, divCash: 0.1 },
        { date: D('2020-11-06'), divCash: 0.205 },
      ],
      covers: { splits: true, dividends: true },
    });
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/v1/stock/split',
      '/api/v1/stock/dividend',
    ]);
    for (const request of server.requests) {
      expect(Object.fromEntries(request.query)).toEqual({
        symbol: 'AAPL',
        from: '2020-01-01',
        to: '2020-12-31',
      });
      expect(request.headers['x-finnhub-token']).toBe(API_KEY);
    }
  });

  it('reports the dividends a plan refuses as not covered, and keeps the splits', async () => {
    const answer = await create(splitsOnly).fetchCorporateActions('AAPL', YEAR_2020);

    expect(answer).toEqual({
      actions: [{ date: D('2020-08-31'), splitFactor: 4 }],
      covers: { splits: true, dividends: false },
    });
  });

  it('takes a reverse split as a factor below 1, and drops and counts unreadable rows', async () => {
    const sut = create();

    const answer = await sut.fetchCorporateActions('ODD', YEAR_2020);

    expect(answer.actions).toEqual([{ date: D('2020-03-02'), splitFactor: 0.1 }]);
    expect(sut.stats()).toEqual({
      acceptedRows: 1,
      droppedRows: {
        'split date is not a YYYY-MM-DD date': 1,
        'split factors are not positive numbers': 2,
        'dividend is not a positive amount': 1,
      },
    });
    expect(logger.warnings).toEqual([
      expect.stringMatching(/^Dropped 3 of 4 upstream rows from finnhub for ODD \(splits\): /),
      expect.stringMatching(/^Dropped 1 of 1 upstream rows from finnhub for ODD \(dividends\): /),
    ]);
  });

  it('reports a plan without the split feed as not covering splits', async () => {
    server.enqueue(jsonAnswer(403, { error: "You don't have access to this resource." }));

    const answer = await create().fetchCorporateActions('AAPL', YEAR_2020);

    expect(answer.covers).toEqual({ splits: false, dividends: true });
  });

  it('reports a body that is not a list as ProviderUnavailableError', async () => {
    server.enqueue(jsonAnswer(200, { s: 'no_data' }));

    const failure = create().fetchCorporateActions('AAPL', YEAR_2020);

    await expect(failure).rejects.toThrow(ProviderUnavailableError);
    await expect(failure).rejects.toThrow(
      'GET /api/v1/stock/split answered JSON of an unexpected shape',
    );
  });
});
