import { FakeFinnhubServer, FakeTiingoServer } from '@app/market-data/testing';

/** A fake upstream an app under test is configured against, as `OHLC_PROVIDER` would choose it. */
export type TestUpstream = FakeTiingoServer | FakeFinnhubServer;

/**
 * The variables that point the app's configured provider at `upstream`
 * (its key and base URL), once it listens: started here when it is not.
 */
export async function upstreamEnv(upstream: TestUpstream): Promise<Record<string, string>> {
  const baseUrl = await upstream.start();
  return upstream instanceof FakeTiingoServer
    ? { TIINGO_API_KEY: upstream.apiKey, TIINGO_BASE_URL: baseUrl }
    : { FINNHUB_API_KEY: upstream.apiKey, FINNHUB_BASE_URL: baseUrl };
}
