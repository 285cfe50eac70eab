import { FixedClock } from '@app/market-hours/testing';
import { suiteTestApp } from './support/test-app';

/** Saturday: every candle asked for is closed. */
const clock = new FixedClock('2025-12-13T15:00:00Z');
const OHLC = '/api/v2/tickers/:ticker/ohlc';

/** `name{labels}` → value of every sample in a Prometheus text exposition. */
function samples(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out[line.slice(0, at)] = Number(line.slice(at + 1));
  }
  return out;
}

describe('Prometheus metrics (e2e)', () => {
  // One L1 entry: a second series evicts the first, so the script reaches L2 too
  // (with no response cache, which would answer the fourth request itself).
  const sut = suiteTestApp({
    clock,
    env: { L1_MAX_ENTRIES: '1', RESPONSE_CACHE_MAX_BYTES: '0' },
  });

  it('counts exactly what a scripted sequence of requests did', async () => {
    const sources: string[] = [];
    const counts: number[] = [];
    for (const ticker of ['AAPL', 'AAPL', 'MSFT', 'AAPL']) {
      const res = await sut.get(`/api/v2/tickers/${ticker}/ohlc?range=1M`).expect(200);
      sources.push(res.headers['x-cache-source']);
      counts.push(res.body.count as number);
    }
    await sut.get('/api/v2/tickers/AAP1/ohlc').expect(400);
    await sut.get('/no/such/route').expect(404);
    expect(sources).toEqual(['live-api', 'in-memory', 'live-api', 'persistent-cache']);

    const res = await sut.get('/metrics').expect(200);

    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const fetchedRows = counts[0] + counts[2];
    expect(samples(res.text)).toMatchObject({
      [`http_requests_total{method="GET",route="${OHLC}",status="200"}`]: 4,
      [`http_requests_total{method="GET",route="${OHLC}",status="400"}`]: 1,
      'http_requests_total{method="GET",route="unmatched",status="404"}': 1,
      'ohlc_responses_total{source="live-api"}': 2,
      'ohlc_responses_total{source="in-memory"}': 1,
      'ohlc_responses_total{source="persistent-cache"}': 1,
      'ohlc_cache_reads_total{layer="l1",outcome="miss"}': 3,
      'ohlc_cache_reads_total{layer="l1",outcome="hit"}': 1,
      'ohlc_cache_reads_total{layer="l2",outcome="miss"}': 2,
      'ohlc_cache_reads_total{layer="l2",outcome="hit"}': 1,
      // Three reads for requests L1 missed, one more under each fetch's lease; two write-throughs.
      'ohlc_l2_operation_duration_seconds_count{operation="read",outcome="ok"}': 5,
      'ohlc_l2_operation_duration_seconds_count{operation="write",outcome="ok"}': 2,
      'ohlc_upstream_calls_total{provider="demo",outcome="ok"}': 2,
      'ohlc_upstream_rows_total{provider="demo"}': fetchedRows,
      'ohlc_upstream_rows_refetched_total{provider="demo"}': 0,
      ohlc_single_flight_joins_total: 0,
      ohlc_fetch_lease_waits_total: 0,
      ohlc_l2_replay_queue_writes: 0,
      ohlc_l2_replay_queue_candles: 0,
      ohlc_l2_replayed_writes_total: 0,
      'ohlc_l2_replay_lost_candles_total{reason="overflow"}': 0,
      'ohlc_l2_replay_lost_candles_total{reason="shutdown"}': 0,
      'ohlc_upstream_breaker_state{provider="demo",state="closed"}': 1,
      'ohlc_upstream_breaker_state{provider="demo",state="open"}': 0,
      ohlc_l1_entries: 1,
    });
    // The byte bound's own count: at least the 56 B a candle takes in its bucket's columns.
    expect(samples(res.text).ohlc_l1_bytes).toBeGreaterThanOrEqual(56 * counts[3]);
  });
});
