import {
  FakeAlpacaServer,
  FakeFinnhubServer,
  FakePolygonServer,
  FakeTiingoServer,
} from '@app/market-data/testing';

/** A fake upstream an app under test is configured against, as `OHLC_PROVIDER` would choose it. */
export type TestUpstream =
  FakeTiingoServer | FakeFinnhubServer | FakePolygonServer | FakeAlpacaServer;

/**
 * The variables that point the app's configured provider at `upstream`
 * (its key and base URL), once it listens: started here when it is not.
 */
export async function upstreamEnv(upstream: TestUpstream): Promise<Record<string, string>> {
  const baseUrl = await upstream.start();
  if (upstream instanceof FakeTiingoServer) {
    return { TIINGO_API_KEY: upstream.apiKey, TIINGO_BASE_URL: baseUrl };
  }
  if (upstream instanceof FakeFinnhubServer) {
    return { FINNHUB_API_KEY: upstream.apiKey, FINNHUB_BASE_URL: baseUrl };
  }
  if (upstream instanceof FakePolygonServer) {
    return { POLYGON_API_KEY: upstream.apiKey, POLYGON_BASE_URL: baseUrl };
  }
  return {
    ALPACA_API_KEY_ID: upstream.keyId,
    ALPACA_API_SECRET_KEY: upstream.secretKey,
    ALPACA_BASE_URL: baseUrl,
  };
}
