import { FakeAlpacaServer } from '@app/market-data/testing';
import { describeBarFeedE2e } from './support/bar-feed-e2e';

const KEY_ID = 'alpaca-e2e-key-id-9a1f';
const SECRET = 'alpaca-e2e-secret-5d27';

/**
 * Alpaca bars through the API, on the free plan: the iex feed serves all, the
 * sip feed is refused its last 15 minutes (asked at 15:30 New York).
 */
describeBarFeedE2e({
  provider: 'alpaca',
  secrets: [KEY_ID, SECRET],
  volumeScope: 'exchange-only',
  createFake: (options) =>
    new FakeAlpacaServer({ ...options, keyId: KEY_ID, secretKey: SECRET, plan: 'basic' }),
  continues: (request) => request.query.has('page_token'),
  barSize: (request) => request.query.get('timeframe') ?? undefined,
  fiveMinutes: '5Min',
  thirtyMinutes: '30Min',
  refusal: {
    at: '2025-12-05T20:30:00Z',
    env: { ALPACA_FEED: 'sip' },
    deniedAtStartUp:
      '1, 5, 15, 30, 60, D with the configured key: Upstream provider alpaca is unavailable: plan lacks access to sip bars',
    query: { resolution: '5', start_date: '2025-12-05', end_date: '2025-12-05' },
  },
});
