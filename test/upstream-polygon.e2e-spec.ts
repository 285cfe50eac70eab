import { DAY_MS } from '@app/ohlc-core';
import { FakePolygonServer } from '@app/market-data/testing';
import { describeBarFeedE2e } from './support/bar-feed-e2e';

const KEY = 'polygon-e2e-secret-71c3';

/** Polygon (Massive) aggregates through the API; the refusing plan reaches back two years. */
describeBarFeedE2e({
  provider: 'polygon',
  secrets: [KEY],
  volumeScope: 'consolidated',
  createFake: ({ refusing, ...options }) =>
    new FakePolygonServer({
      ...options,
      apiKey: KEY,
      ...(refusing && { historyMs: 2 * 365 * DAY_MS }),
    }),
  continues: (request) => request.query.has('cursor'),
  barSize: (request) => /\/range\/(\d+\/[a-z]+)\//.exec(request.path)?.[1],
  fiveMinutes: '5/minute',
  thirtyMinutes: '30/minute',
  refusal: {
    at: '2025-12-06T15:00:00Z',
    query: { resolution: 'D', start_date: '2023-01-03', end_date: '2023-01-31' },
  },
});
