import { FixedClock } from '@app/market-hours/testing';
import type { ErrorCode } from '../apps/api/src/common/error-code';
import { suiteTestApp } from './support/test-app';

type Case = [name: string, path: string, status: 400 | 422, detail: RegExp, code: ErrorCode];

const CASES: Case[] = [
  ['digit in ticker', '/api/v2/tickers/AAP1/ohlc', 400, /Invalid ticker "AAP1"/, 'INVALID_TICKER'],
  ['six letters', '/api/v2/tickers/ABCDEF/ohlc', 400, /1-5 letters/, 'INVALID_TICKER'],
  ['blank ticker', '/api/v2/tickers/%20/ohlc', 400, /Invalid ticker/, 'INVALID_TICKER'],
  ['symbol in ticker', '/api/v2/tickers/A%24PL/ohlc', 400, /Invalid ticker/, 'INVALID_TICKER'],
  ['path traversal', '/api/v2/tickers/..%2Fetc/ohlc', 400, /Invalid ticker/, 'INVALID_TICKER'],
  [
    'SQL injection',
    "/api/v2/tickers/AAPL'%3B%20DROP%20TABLE%20x/ohlc",
    400,
    /Invalid ticker/,
    'INVALID_TICKER',
  ],
  ['non-ASCII letters', '/api/v2/tickers/%C3%84PPL/ohlc', 400, /Invalid ticker/, 'INVALID_TICKER'],
  ['long class suffix', '/api/v2/tickers/BRK.BB/ohlc', 400, /class suffix/, 'INVALID_TICKER'],
  // Past Fastify's default 100-character parameter limit, which would answer 404.
  [
    '300-letter ticker',
    `/api/v2/tickers/${'A'.repeat(300)}/ohlc`,
    400,
    /Invalid ticker "A{20}"/,
    'INVALID_TICKER',
  ],
  [
    'unknown resolution',
    '/api/v2/tickers/AAPL/ohlc?resolution=2',
    422,
    /must be one of 1, 5, 15, 30, 60, D/,
    'UNKNOWN_RESOLUTION',
  ],
  [
    'word resolution',
    '/api/v2/tickers/AAPL/ohlc?resolution=weekly',
    422,
    /resolution must be one of/,
    'UNKNOWN_RESOLUTION',
  ],
  [
    'repeated resolution',
    '/api/v2/tickers/AAPL/ohlc?resolution=5&resolution=D',
    422,
    /resolution/,
    'UNKNOWN_RESOLUTION',
  ],
  [
    'unknown range',
    '/api/v2/tickers/AAPL/ohlc?range=2W',
    400,
    /range must be one of 1W, 1M, 3M, 6M, 1Y/,
    'INVALID_RANGE',
  ],
  [
    'injected range',
    "/api/v2/tickers/AAPL/ohlc?range=1M'%20OR%20'1'%3D'1",
    400,
    /range must be one of/,
    'INVALID_RANGE',
  ],
  [
    'compact date',
    '/api/v2/tickers/AAPL/ohlc?start_date=20240101&end_date=2024-02-01',
    400,
    /start_date must be a date in YYYY-MM-DD/,
    'INVALID_DATE',
  ],
  [
    'month 13',
    '/api/v2/tickers/AAPL/ohlc?start_date=2024-13-01&end_date=2024-12-31',
    400,
    /start_date must be a real calendar date/,
    'INVALID_DATE',
  ],
  [
    'February 30',
    '/api/v2/tickers/AAPL/ohlc?start_date=2024-01-01&end_date=2024-02-30',
    400,
    /end_date must be a real calendar date/,
    'INVALID_DATE',
  ],
  [
    'word date',
    '/api/v2/tickers/AAPL/ohlc?end_date=yesterday',
    400,
    /end_date must be a date in YYYY-MM-DD/,
    'INVALID_DATE',
  ],
  [
    'date before the calendar',
    '/api/v2/tickers/AAPL/ohlc?start_date=1899-01-01&end_date=1899-02-01',
    400,
    /between 1990-01-01 and 2100-12-31/,
    'INVALID_DATE',
  ],
  [
    'start after end',
    '/api/v2/tickers/AAPL/ohlc?start_date=2024-03-01&end_date=2024-02-01',
    400,
    /start_date 2024-03-01 is after end_date 2024-02-01/,
    'INVALID_DATE',
  ],
  [
    'injected date',
    "/api/v2/tickers/AAPL/ohlc?start_date=2024-01-01'--&end_date=2024-02-01",
    400,
    /start_date must be a date/,
    'INVALID_DATE',
  ],
];

describe('OHLC endpoint bad input (e2e)', () => {
  const sut = suiteTestApp({ clock: new FixedClock('2025-12-06T15:00:00Z') });

  it.each(CASES)(
    '%s: %s → %i with detail, code and message',
    async (_name, path, status, detail, code) => {
      const res = await sut.get(path);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(Object.keys(res.body as object)).toEqual(['detail', 'code', 'message']);
      expect(res.body.detail).toMatch(detail);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toBe(res.body.detail);
    },
  );

  it('never reaches upstream for bad input', () => {
    expect(sut.provider.calls).toHaveLength(0);
  });

  it('accepts lower case, aliases and class suffixes', async () => {
    const res = await sut
      .get('/api/v2/tickers/brk.b/ohlc')
      .query({ resolution: '1h', range: '1W' })
      .expect(200);
    expect(res.body).toMatchObject({ ticker: 'BRK.B', resolution: '60', time_range: '1W' });
  });

  it('answers a range with no sessions with 404, its detail and cache headers', async () => {
    const res = await sut
      .get('/api/v2/tickers/AAPL/ohlc')
      .query({ start_date: '2025-11-27', end_date: '2025-11-27' })
      .expect(404);
    expect(res.body).toEqual({
      detail: 'No price data available for AAPL',
      code: 'NO_DATA',
      message: 'No price data available for AAPL',
    });
    expect(res.headers['x-cache-source']).toBe('live-api');
  });

  it('moves a start before the exchange calendar forward instead of failing', async () => {
    const res = await sut
      .get('/api/v2/tickers/AAPL/ohlc')
      .query({ end_date: '1990-01-05' })
      .expect(200);
    expect(res.body.start_date).toBe('1990-01-02');
  });

  it('moves an older start forward to the resolution limit instead of rejecting it', async () => {
    const res = await sut
      .get('/api/v2/tickers/AAPL/ohlc')
      .query({ resolution: '1', start_date: '2025-01-01', end_date: '2025-12-05' })
      .expect(200);
    expect(res.body.time_range).toBe('custom');
    expect(res.body.start_date).toBe('2025-11-28');
  });
});
