import { connect, type AddressInfo } from 'node:net';
import { FixedClock } from '@app/market-hours/testing';
import { DemoProvider } from '@app/market-data';
import { nyseHours } from './support/nyse';
import { suiteTestApp } from './support/test-app';

const FLOOD_KEY = 'flood-secret-of-24-chars';
const READER_KEY = 'reader-secret-of-24-char';
const FLOOD = 200;
const READS = Number(process.env.COLD_FLOOD_READS ?? 100);
/** Most the process's RSS may grow during the flood. */
const RSS_BOUND_BYTES = 300 * 2 ** 20;
const CACHED = '/api/v2/tickers/AAPL/ohlc?range=1M&resolution=D';

/** `AAAA`, `AAAB`, …: a new ticker per index (letters only). */
function ticker(i: number): string {
  let name = '';
  for (let n = i, k = 0; k < 4; k++, n = Math.floor(n / 26)) {
    name = String.fromCharCode(65 + (n % 26)) + name;
  }
  return name;
}

/** Sends a request and hangs up at once, as a client that gives up would. */
function abandon(port: number, path: string, key: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`);
      socket.destroy();
      resolve();
    });
    socket.on('error', () => resolve());
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * docs/architecture.md#bounded-cold-work: one key's flood of abandoned cold
 * requests takes at most its share of the fetches from upstream; another
 * key's cached answers keep their latency, and the process its memory.
 */
describe('A flood of cold requests from one key (e2e)', () => {
  // A Saturday: the cached month has no forming candle to refetch.
  const clock = new FixedClock('2025-12-13T15:00:00Z');
  const sut = suiteTestApp({
    clock,
    provider: new DemoProvider(nyseHours(clock), { latencyMs: 400 }),
    env: {
      API_KEYS: `flood:user:${FLOOD_KEY},reader:user:${READER_KEY}`,
    },
  });
  let base: string;
  let port: number;

  beforeAll(async () => {
    await sut.app.listen(0, '127.0.0.1');
    port = (sut.app.getHttpServer().address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  const read = async (): Promise<number> => {
    const started = performance.now();
    const res = await fetch(`${base}${CACHED}`, {
      headers: { Authorization: `Bearer ${READER_KEY}` },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`reader got ${res.status}`);
    return performance.now() - started;
  };
  const fetchedTickers = () => new Set(sut.provider.calls.map((c) => c.ticker)).size - 1;
  const readMany = async (): Promise<number[]> => {
    const latencies: number[] = [];
    for (let i = 0; i < READS; i++) latencies.push(await read());
    return latencies.sort((a, b) => a - b);
  };

  it('keeps the other key fast and the flood within its share', async () => {
    await read(); // cached from here on
    const before = await readMany();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const flood = Promise.all(
      Array.from({ length: FLOOD }, (_, i) =>
        abandon(port, `/api/v2/tickers/${ticker(i)}/ohlc?range=1M&resolution=5`, FLOOD_KEY),
      ),
    );
    const during = await readMany();
    await flood;
    // Past its share, the flooding key is told to come back later.
    const more = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${base}/api/v2/tickers/${ticker(FLOOD + i)}/ohlc?range=1M&resolution=5`, {
          headers: { Authorization: `Bearer ${FLOOD_KEY}` },
        }),
      ),
    );
    clearInterval(sampler);
    const refused = more.filter((r) => r.status === 429);
    const report =
      `reader p50/p99 before ${percentile(before, 50).toFixed(1)}/${percentile(before, 99).toFixed(1)} ms, ` +
      `during ${percentile(during, 50).toFixed(1)}/${percentile(during, 99).toFixed(1)} ms; ` +
      `RSS +${((rssPeak - rssBefore) / 2 ** 20).toFixed(0)} MiB; ` +
      `${fetchedTickers()} series fetched for ${FLOOD + 10} cold requests; ` +
      `${refused.length} of 10 more refused`;
    console.log(report);

    expect(refused.length).toBeGreaterThan(0);
    for (const res of refused) {
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    }
    // The default share: half of the instance's 4 fills at once, as slots free.
    expect(fetchedTickers()).toBeLessThan(FLOOD / 10);
    expect(rssPeak - rssBefore).toBeLessThan(RSS_BOUND_BYTES);
    // Generous bounds, for a loaded machine: before admission the probe saw cached answers
    // take up to 7 s. The fills' writes to the embedded store share this process's CPU.
    expect(percentile(during, 50)).toBeLessThan(10 * percentile(before, 50) + 100);
    expect(percentile(during, 99)).toBeLessThan(1_500);
  }, 60_000);
});
