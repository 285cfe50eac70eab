/// <reference lib="dom" />
// The page functions below run in the browser (page.evaluate): they need the DOM types.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import type { Candle } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer } from '@app/market-data/testing';
import {
  CHROMIUM_SKIP_NOTICE,
  chromiumRequiredOrPresent,
  launchChromium,
} from './support/chromium';
import { sessionCandles } from './support/nyse';
import { createTestApp, type TestApp } from './support/test-app';

/** Saturday: the demo's candles are all closed, so every answer is deterministic. */
const CLOCK = '2025-12-13T15:00:00Z';
const KEY = 'dashboard-e2e-secret-key';
/** Where the screenshot is saved; git-ignored (docs/dashboard.png is a copy of one). */
const ARTIFACTS = join(__dirname, 'artifacts');

interface Row {
  readonly request: string;
  readonly status: string;
  readonly source: string;
  readonly age: string;
  readonly latency: string;
}

// A real browser against the app listening on loopback: slower than supertest.
jest.setTimeout(60_000);

/**
 * The dashboard at `/` in Debian's Chromium, against the API exactly as
 * `main.ts` builds it (demo provider, API keys on), listening on a free
 * loopback port.
 */
const suite = chromiumRequiredOrPresent() ? describe : describe.skip;
if (!chromiumRequiredOrPresent()) process.stderr.write(`\n${CHROMIUM_SKIP_NOTICE}\n\n`);

suite('Dashboard page in Chromium (e2e)', () => {
  const clock = new FixedClock(CLOCK);
  let sut: TestApp;
  let url: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  /** Requests the page made to the API, and page problems (script errors, CSP refusals). */
  let apiRequests: Request[];
  let problems: string[];

  beforeAll(async () => {
    sut = await createTestApp({ clock, env: { API_KEYS: `dashboard:user:${KEY}` } });
    await sut.app.listen(0, '127.0.0.1');
    url = await sut.app.getUrl();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.dispose();
    await sut?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage();
    apiRequests = [];
    problems = [];
    page.on('request', (r) => {
      // The chart's requests; the live stream of a minute chart is a test of its own below.
      if (r.url().includes('/api/v2/') && !r.url().includes('/ohlc/stream')) apiRequests.push(r);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // Chromium logs every non-2xx fetch; those are the point of some tests.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
        problems.push(m.text());
      }
    });
  });
  afterEach(async () => {
    await page.close();
    expect(problems).toEqual([]);
  });

  const rows = (): Promise<Row[]> =>
    page.$$eval('#requests tbody tr', (trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((c) => c.textContent ?? '');
        const [, request, status, source, age, latency] = cells;
        return { request, status, source, age, latency };
      }),
    );
  const waitForRows = (n: number) =>
    page.waitForFunction(
      (count) => document.querySelectorAll('#requests tbody tr').length >= count,
      n,
    );
  /** Opens the page, enters the key once and waits for the chart's first answer. */
  const open = async (ticker: string, key = KEY) => {
    await page.goto(url);
    await waitForRows(1); // the first load, without a key
    await page.fill('#ticker', ticker);
    await page.fill('#key', key);
    await page.click('#auth button[type=submit]');
    await waitForRows(2);
  };
  const chartState = () =>
    page.evaluate(() => {
      const { state, candleSeries } = (window as unknown as DashboardWindow).ohlcDashboard;
      return {
        bars: state.bars.length,
        drawn: candleSeries.data().length,
        served: state.served,
        oldestDate: state.oldestDate,
      };
    });
  /** Pixels of the up and down candle colours on the chart's own rendering. */
  const candlePixels = () =>
    page.evaluate(() => {
      const canvas = (window as unknown as DashboardWindow).ohlcDashboard.chart.takeScreenshot();
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let up = 0;
      let down = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] === 31 && data[i + 1] === 157 && data[i + 2] === 85) up++;
        if (data[i] === 204 && data[i + 1] === 31 && data[i + 2] === 26) down++;
      }
      return { up, down };
    });

  it('draws the candles from upstream first, then the same chart from memory', async () => {
    await open('AAPL');

    expect(await chartState()).toEqual({
      bars: 21,
      drawn: 21,
      served: 'D',
      oldestDate: '2025-11-13',
    });
    const pixels = await candlePixels();
    expect(pixels.up).toBeGreaterThan(200);
    expect(pixels.down).toBeGreaterThan(200);
    await expect(page.textContent('#status')).resolves.toBe(
      'AAPL: 21 daily candles from 2025-11-13 to 2025-12-12, source demo.',
    );

    await page.click('#query button[type=submit]');
    await waitForRows(3);
    const [again, first, anonymous] = await rows();
    expect(first).toEqual({
      request: 'AAPL D 1M',
      status: '200',
      source: 'live-api',
      age: '0',
      latency: expect.stringMatching(/^\d+ ms$/),
    });
    expect(again).toMatchObject({ request: 'AAPL D 1M', status: '200', source: 'in-memory' });
    expect(anonymous).toMatchObject({ status: '401', source: '—' });
    expect(sut.provider.calls.filter((c) => c.ticker === 'AAPL')).toHaveLength(1);

    await page.mouse.move(0, 0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png') });
  });

  it('issues one request when the resolution changes', async () => {
    await open('MSFT');
    const before = apiRequests.length;

    await page.selectOption('#resolution', '5');
    await waitForRows(3);
    // Give a second request (a pan-to-load the redraw might set off) the time to show.
    await page.waitForTimeout(500);

    expect(apiRequests.slice(before).map((r) => new URL(r.url()).search)).toEqual([
      '?resolution=5&range=1M',
    ]);
    expect(await chartState()).toMatchObject({ bars: 1_602, served: '5' });
  });

  it('loads only the older missing dates when the chart is panned past its left edge', async () => {
    await open('NVDA');
    const before = apiRequests.length;
    const box = (await page.locator('#chart').boundingBox())!;
    const y = box.y + box.height / 2;

    // Drag the chart to the right: earlier dates come into view, past the oldest candle.
    await page.mouse.move(box.x + box.width / 3, y);
    await page.mouse.down();
    for (let dx = 40; dx <= 600; dx += 40) await page.mouse.move(box.x + box.width / 3 + dx, y);
    await page.mouse.up();
    await page.waitForFunction(
      () => (window as unknown as DashboardWindow).ohlcDashboard.state.oldestDate < '2025-11-13',
    );

    const older = apiRequests.slice(before).map((r) => new URL(r.url()).search);
    // The day before the oldest candle (2025-11-13), back by the range's 30 days; nothing else.
    expect(older[0]).toBe('?resolution=D&start_date=2025-10-13&end_date=2025-11-12');
    // 21 + the 23 sessions of 2025-10-13..2025-11-12.
    expect(await chartState()).toMatchObject({ bars: 44, drawn: 44, oldestDate: '2025-10-13' });
    const [latest] = await rows();
    expect(latest).toMatchObject({
      request: 'NVDA D 2025-10-13..2025-11-12',
      status: '200',
      source: 'live-api',
    });
    // Each session was asked upstream once.
    expect(sut.provider.calls.filter((c) => c.ticker === 'NVDA')).toHaveLength(older.length + 1);
  });

  it('says so in words when the key is wrong, and draws no chart', async () => {
    await open('TSLA', 'not-the-right-key-at-all');

    await expect(page.textContent('#error')).resolves.toBe(
      'Not signed in (401): Invalid API key. Enter a valid API key above.',
    );
    expect(await page.isVisible('#error')).toBe(true);
    expect((await rows())[0]).toMatchObject({ request: 'TSLA D 1M', status: '401' });
    expect(await chartState()).toMatchObject({ bars: 0, drawn: 0 });
  });
});

/**
 * The page's live stream (docs/api.md#live-candles), on a fixed clock inside
 * a session with a fake Tiingo whose forming candle the test moves.
 */
suite('Dashboard page live in Chromium (e2e)', () => {
  const POLL_MS = 400;
  const FORMING = Date.parse('2025-12-08T15:05:00Z');
  const clock = new FixedClock('2025-12-08T15:07:30Z');
  const tiingo = new FakeTiingoServer({ apiKey: 'tiingo-dashboard-key' });
  const bars = (close: number): Candle[] => [
    ...sessionCandles('5', '2025-12-08T14:30:00Z', '2025-12-08T15:05:00Z'),
    { start: FORMING, open: 100, high: 130, low: 95, close, volume: 900 },
  ];
  let sut: TestApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    tiingo.setCandles('AAPL', '5', bars(101));
    sut = await createTestApp({
      clock,
      upstream: tiingo,
      env: { API_KEYS: `dashboard:user:${KEY}`, LIVE_POLL_MS: String(POLL_MS) },
    });
    await sut.app.listen(0, '127.0.0.1');
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.dispose();
    await sut?.close();
    await tiingo.close();
  });

  const lastBar = () =>
    page.evaluate(() => {
      const { state } = (window as unknown as DashboardWindow).ohlcDashboard;
      return { count: state.bars.length, last: state.bars.at(-1) };
    });

  it('updates the last candle in place when the forming candle changes upstream', async () => {
    await page.goto(await sut.app.getUrl());
    await page.fill('#key', KEY);
    await page.click('#auth button[type=submit]');
    await page.selectOption('#resolution', '5');
    await page.waitForFunction(() =>
      document.querySelector('#live')?.textContent?.startsWith('live'),
    );
    await page.waitForFunction(
      () => (window as unknown as DashboardWindow).ohlcDashboard.state.bars.at(-1)?.close === 101,
    );
    const before = await lastBar();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-live-before.png') });

    tiingo.setCandles('AAPL', '5', bars(125));
    clock.advance(POLL_MS);
    await page.waitForFunction(
      () => (window as unknown as DashboardWindow).ohlcDashboard.state.bars.at(-1)?.close === 125,
    );
    const after = await lastBar();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-live-after.png') });

    // The same candle, changed in place: no bar added, its time unchanged.
    expect(after.count).toBe(before.count);
    expect(after.last).toMatchObject({ time: before.last?.time, close: 125, high: 130 });
    await expect(page.textContent('#live')).resolves.toMatch(/^live, updated \d\d:\d\d:\d\d$/);
    const requests = await page.$$eval('#requests tbody tr', (trs) =>
      trs.map((tr) => tr.querySelectorAll('td')[1]?.textContent),
    );
    expect(requests).toContain('AAPL 5 stream');
  });
});

/** What the page exposes for inspection (`window.ohlcDashboard`). */
interface DashboardWindow {
  ohlcDashboard: {
    chart: { takeScreenshot(): HTMLCanvasElement };
    candleSeries: { data(): unknown[] };
    state: {
      bars: { time: number; close: number; high: number }[];
      served: string;
      oldestDate: string;
    };
  };
}
