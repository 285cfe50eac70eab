// The dashboard page (docs/api.md#dashboard): a chart of GET /api/v2/tickers/{ticker}/ohlc and
// a log of the requests it made, with the cache headers, so a person can watch the cache work.
import {
  CandlestickSeries,
  createChart,
  HistogramSeries,
} from '/dashboard/vendor/lightweight-charts.standalone.production.mjs';

/** Longest span the API serves per resolution, in days (docs/api.md#range-clamps). */
const MAX_DAYS = { 1: 7, 5: 30, 15: 90, 30: 90, 60: 180, D: 365 };
const RANGE_DAYS = { '1W': 7, '1M': 30, '3M': 90, '6M': 180, '1Y': 365 };
/** The exchange calendar's first day: nothing older exists. */
const FIRST_DATE = '1990-01-01';
const KEY_STORAGE = 'ohlc-dashboard.api-key';
const REQUESTS_SHOWN = 12;
/** Bars of empty space past the oldest candle that count as "panned past the left edge". */
const LEFT_EDGE_BARS = 2;

const $ = (id) => document.getElementById(id);
const chart = createChart($('chart'), {
  autoSize: true,
  layout: { background: { color: '#ffffff' }, textColor: '#334e68' },
  grid: { vertLines: { color: '#f0f4f8' }, horzLines: { color: '#f0f4f8' } },
  timeScale: { secondsVisible: false },
});
const candleSeries = chart.addSeries(CandlestickSeries, {
  upColor: '#1f9d55',
  downColor: '#cc1f1a',
  borderVisible: false,
  wickUpColor: '#1f9d55',
  wickDownColor: '#cc1f1a',
});
candleSeries.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
const volumeSeries = chart.addSeries(HistogramSeries, {
  priceFormat: { type: 'volume' },
  priceScaleId: 'volume',
  lastValueVisible: false,
  priceLineVisible: false,
});
volumeSeries.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });

const state = {
  ticker: 'AAPL',
  /** Resolution asked for, and the one served (`D` after a resolution fallback). */
  resolution: 'D',
  served: 'D',
  range: '1M',
  /** The candles drawn, oldest first, with their volumes. */
  bars: [],
  /** New York dates of the oldest and newest candle loaded (`start_date`, `end_date`). */
  oldestDate: undefined,
  newestDate: undefined,
  /** No older candles to load (the API said 404, or the calendar starts). */
  exhausted: false,
  /** The one request in flight, if any. */
  inFlight: undefined,
  /** The user moved the chart since it was loaded: only then does the left edge load more. */
  userMoved: false,
};

// --- requests -----------------------------------------------------------------------------

/** GETs the OHLC route with the session's key; logs it in the panel; resolves to the JSON body or throws an ApiError. */
async function fetchOhlc(params, label) {
  const controller = new AbortController();
  state.inFlight = controller;
  const key = sessionStorage.getItem(KEY_STORAGE);
  const url = `/api/v2/tickers/${encodeURIComponent(state.ticker)}/ohlc?${new URLSearchParams(params)}`;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      headers: key ? { Authorization: `Bearer ${key}` } : {},
      signal: controller.signal,
    });
    const body = await response.json().catch(() => null);
    logRequest(label, response, performance.now() - started);
    if (!response.ok) throw new ApiError(response, body);
    return body;
  } catch (error) {
    if (error instanceof TypeError) {
      logRequest(label, undefined, performance.now() - started);
      throw new ApiError(undefined, { detail: `the service did not answer (${error.message})` });
    }
    throw error;
  } finally {
    if (state.inFlight === controller) state.inFlight = undefined;
  }
}

class ApiError extends Error {
  constructor(response, body) {
    super(describeFailure(response, body));
    this.status = response?.status;
  }
}

/** An API error in words a person can act on (docs/api.md#errors). */
function describeFailure(response, body) {
  const detail = body?.detail ?? response?.statusText ?? 'no answer';
  const retry = response?.headers.get('Retry-After');
  const later = retry ? ` Try again in ${retry} s.` : '';
  switch (response?.status) {
    case undefined:
      return `No answer: ${detail}.`;
    case 401:
      return `Not signed in (401): ${detail}. Enter a valid API key above.`;
    case 403:
      return `Not allowed (403): ${detail}.`;
    case 404:
      return `No data (404): ${detail}.`;
    case 429:
      return `Too many requests (429): ${detail}.${later}`;
    case 503:
      return `Upstream unavailable (503): ${detail}.${later}`;
    default:
      return `Request failed (${response.status}): ${detail}.`;
  }
}

function logRequest(label, response, latencyMs) {
  const row = document.createElement('tr');
  const source = response?.headers.get('X-Cache-Source') ?? '';
  if (!response?.ok) row.className = 'error';
  row.dataset.source = source;
  const cells = [
    [new Date().toTimeString().slice(0, 8)],
    [label],
    [response ? String(response.status) : '—', 'number'],
    [source || '—', `source-${source}`],
    [response?.headers.get('X-Cache-Age') ?? '—', 'number'],
    [`${Math.round(latencyMs)} ms`, 'number'],
  ];
  for (const [text, className] of cells) {
    const cell = row.insertCell();
    cell.textContent = text;
    if (className) cell.className = className;
  }
  const body = $('requests').tBodies[0];
  body.prepend(row);
  while (body.rows.length > REQUESTS_SHOWN) body.deleteRow(-1);
}

// --- chart --------------------------------------------------------------------------------

const NEW_YORK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The chart shows times as UTC; intraday candles are shifted to New York wall-clock time. */
function chartTime(date, resolution) {
  if (resolution === 'D') return date;
  const parts = Object.fromEntries(
    NEW_YORK.formatToParts(new Date(date)).map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) / 1000;
}

function toBars(candles, resolution) {
  return candles.map((c) => ({
    time: chartTime(c.date, resolution),
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
  }));
}

function draw(bars) {
  candleSeries.setData(bars);
  volumeSeries.setData(
    bars
      .filter((b) => b.volume !== undefined)
      .map((b) => ({
        time: b.time,
        value: b.volume,
        color: b.close >= b.open ? 'rgba(31, 157, 85, 0.45)' : 'rgba(204, 31, 26, 0.45)',
      })),
  );
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function showStatus(body) {
  const fallback = body.resolution_fallback ? ` ${body.fallback_message}` : '';
  const resolution = body.resolution === 'D' ? 'daily' : `${body.resolution}-minute`;
  $('status').textContent =
    `${body.ticker}: ${state.bars.length} ${resolution} candles from ${state.oldestDate} to ` +
    `${state.newestDate}, source ${body.source}.${fallback}`;
}

// --- loading ------------------------------------------------------------------------------

/** A fresh chart for the form's ticker, resolution and range. */
async function load() {
  state.inFlight?.abort();
  state.ticker = $('ticker').value.trim().toUpperCase();
  state.resolution = $('resolution').value;
  state.range = $('range').value;
  state.userMoved = false;
  showError('');
  try {
    const body = await fetchOhlc(
      { resolution: state.resolution, range: state.range },
      `${state.ticker} ${state.resolution} ${state.range}`,
    );
    state.served = body.resolution;
    state.oldestDate = body.start_date;
    state.newestDate = body.end_date;
    state.exhausted = false;
    state.bars = toBars(body.candles, body.resolution);
    chart.applyOptions({ timeScale: { timeVisible: body.resolution !== 'D' } });
    draw(state.bars);
    chart.timeScale().fitContent();
    showStatus(body);
  } catch (error) {
    if (error.name === 'AbortError') return;
    // A message where the chart was, never a chart that silently shows nothing or old data.
    state.bars = [];
    draw([]);
    $('status').textContent = '';
    showError(error.message);
    if (error.status === 401) $('key').focus();
  }
}

/** Panned past the oldest candle: loads only the dates before it, one request at a time. */
async function loadOlder() {
  if (state.inFlight || state.exhausted || !state.oldestDate) return;
  const end = addDays(state.oldestDate, -1);
  if (end < FIRST_DATE) {
    state.exhausted = true;
    return;
  }
  const days = Math.min(RANGE_DAYS[state.range], MAX_DAYS[state.served]);
  const start = maxDate(FIRST_DATE, addDays(end, -days));
  const ticker = state.ticker;
  try {
    const body = await fetchOhlc(
      { resolution: state.resolution, start_date: start, end_date: end },
      `${ticker} ${state.resolution} ${start}..${end}`,
    );
    if (ticker !== state.ticker) return;
    if (body.resolution !== state.served) {
      state.exhausted = true;
      return;
    }
    const first = state.bars[0].time;
    const older = toBars(body.candles, body.resolution).filter((b) => b.time < first);
    const view = chart.timeScale().getVisibleLogicalRange();
    state.bars = [...older, ...state.bars];
    draw(state.bars);
    // Prepending moves every logical index: keep what the user was looking at in place.
    if (view) {
      chart
        .timeScale()
        .setVisibleLogicalRange({ from: view.from + older.length, to: view.to + older.length });
    }
    state.oldestDate = body.start_date;
    showStatus(body);
    showError('');
  } catch (error) {
    if (error.name === 'AbortError') return;
    if (error.status === 404) {
      state.exhausted = true;
      showError(`No older candles before ${state.oldestDate}.`);
    } else {
      showError(error.message);
    }
    return;
  }
  // Still past the edge (the user kept panning while it loaded): go on.
  if (pastLeftEdge(chart.timeScale().getVisibleLogicalRange())) await loadOlder();
}

function pastLeftEdge(range) {
  return range !== null && range.from < -LEFT_EDGE_BARS;
}

function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function maxDate(a, b) {
  return a > b ? a : b;
}

// --- wiring -------------------------------------------------------------------------------

chart.timeScale().subscribeVisibleLogicalRangeChange((range) => {
  if (state.userMoved && pastLeftEdge(range)) void loadOlder();
});
// Loading, fitting and resizing move the range too; only a person's panning asks for more.
for (const event of ['pointerdown', 'wheel', 'touchstart', 'keydown']) {
  $('chart').addEventListener(event, () => (state.userMoved = true), { passive: true });
}

$('query').addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
for (const id of ['resolution', 'range']) $(id).addEventListener('change', () => void load());

function showKeyState() {
  $('key-state').textContent = sessionStorage.getItem(KEY_STORAGE)
    ? 'key set for this tab'
    : 'no key';
}
$('auth').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('key').value.trim();
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  $('key').value = '';
  showKeyState();
  void load();
});
$('forget').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORAGE);
  showKeyState();
});

// For people and tests poking at the page from the console.
window.ohlcDashboard = { chart, candleSeries, volumeSeries, state };

showKeyState();
void load();
