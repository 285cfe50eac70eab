// The dashboard page (docs/api.md#dashboard): a chart of GET /api/v2/tickers/{ticker}/ohlc and
// a log of the requests it made, with the cache headers, so a person can watch the cache work.
import { apiKey, fetchOhlc, setApiKey } from './api.js';
import { candleSeries, chart, draw, toBars, update, volumeSeries } from './chart.js';
import { streamLive } from './live.js';

/** Longest span the API serves per resolution, in days (docs/api.md#range-clamps). */
const MAX_DAYS = { 1: 7, 5: 30, 15: 90, 30: 90, 60: 180, D: 365 };
const RANGE_DAYS = { '1W': 7, '1M': 30, '3M': 90, '6M': 180, '1Y': 365 };
/** The exchange calendar's first day: nothing older exists. */
const FIRST_DATE = '1990-01-01';
/** Bars of empty space past the oldest candle that count as "panned past the left edge". */
const LEFT_EDGE_BARS = 2;

const $ = (id) => document.getElementById(id);
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
  /** The live stream of the forming candle, while the chart shows today at a minute resolution. */
  live: undefined,
};

/** One request at a time: a new one cancels the one in flight. */
async function request(params, label) {
  const controller = new AbortController();
  state.inFlight = controller;
  try {
    return await fetchOhlc(state.ticker, params, label, controller);
  } finally {
    if (state.inFlight === controller) state.inFlight = undefined;
  }
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
  stopLive();
  state.ticker = $('ticker').value.trim().toUpperCase();
  state.resolution = $('resolution').value;
  state.range = $('range').value;
  state.userMoved = false;
  showError('');
  try {
    const body = await request(
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
    // A preset window ends today (the service's today): its forming candle is streamed.
    if (body.resolution !== 'D') startLive();
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
    const body = await request(
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

// --- live ---------------------------------------------------------------------------------

/** Keeps the last candle current in place (lightweight-charts `update()`), and says so. */
function startLive() {
  const ticker = state.ticker;
  const resolution = state.served;
  state.live = streamLive(ticker, resolution, {
    onCandle: (candle) => {
      if (ticker !== state.ticker) return;
      const [bar] = toBars([candle], resolution);
      const last = state.bars.at(-1);
      if (last && bar.time < last.time) return;
      if (last?.time === bar.time) state.bars[state.bars.length - 1] = bar;
      else state.bars.push(bar);
      update(bar);
    },
    onState: (text) => {
      $('live').textContent = text;
      $('live').hidden = false;
    },
  });
}

function stopLive() {
  state.live?.stop();
  state.live = undefined;
  $('live').hidden = true;
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
  $('key-state').textContent = apiKey() ? 'key set for this tab' : 'no key';
}
$('auth').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('key').value.trim();
  if (key) setApiKey(key);
  $('key').value = '';
  showKeyState();
  void load();
});
$('forget').addEventListener('click', () => {
  setApiKey(undefined);
  showKeyState();
});

// For people and tests poking at the page from the console.
window.ohlcDashboard = { chart, candleSeries, volumeSeries, state };

showKeyState();
void load();
