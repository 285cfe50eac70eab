// The live stream of the forming candle (docs/api.md#live-candles): GET …/ohlc/stream read with
// fetch, since EventSource cannot send the Authorization header; reconnects with back-off,
// asking with Last-Event-ID for the candles it missed.
import { authHeaders, describeFailure, logRequest } from './api.js';

/** First and longest pause before reconnecting, ms. */
const BACKOFF_MS = { first: 1_000, max: 30_000 };

/**
 * Streams `ticker` at `resolution` until `stop()`: `onCandle(candle)` for each
 * candle event (the contract's shape, plus `final`), `onState(text)` for what
 * the stream is doing (live, market closed, reconnecting).
 */
export function streamLive(ticker, resolution, { onCandle, onState }) {
  const controller = new AbortController();
  let lastEventId;
  let pause = BACKOFF_MS.first;

  async function connect() {
    const url = `/api/v2/tickers/${encodeURIComponent(ticker)}/ohlc/stream?resolution=${resolution}`;
    const headers = { ...authHeaders(), Accept: 'text/event-stream' };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const started = performance.now();
    const response = await fetch(url, { headers, signal: controller.signal });
    logRequest(`${ticker} ${resolution} stream`, response, performance.now() - started, 'stream');
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw Object.assign(new Error(describeFailure(response, body)), {
        final: response.status < 500 && response.status !== 429,
      });
    }
    pause = BACKOFF_MS.first;
    onState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handle(parseFrame(frame));
      }
    }
  }

  function handle(event) {
    if (!event) return;
    if (event.id) lastEventId = event.id;
    const data = JSON.parse(event.data);
    if (event.event === 'candle') {
      onCandle(data);
      onState(`live, updated ${new Date().toTimeString().slice(0, 8)}`);
    } else if (event.event === 'market') {
      onState(`market closed; opens ${new Date(data.next_open).toLocaleString()}`);
    } else if (event.event === 'status') {
      onState(`live, last poll skipped: ${data.detail}`);
    }
  }

  async function run() {
    while (!controller.signal.aborted) {
      try {
        await connect();
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error.final) {
          onState(`not live: ${error.message}`);
          return;
        }
      }
      onState(`reconnecting in ${Math.round(pause / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(2 * pause, BACKOFF_MS.max);
    }
  }

  void run();
  return { stop: () => controller.abort() };
}

/** One frame of `text/event-stream`: its fields, or undefined for a comment (the heartbeat). */
function parseFrame(frame) {
  const event = { event: 'message', data: '' };
  let fields = 0;
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'data') event.data += event.data ? `\n${value}` : value;
    else if (name === 'event' || name === 'id') event[name] = value;
    fields++;
  }
  return fields > 0 ? event : undefined;
}
