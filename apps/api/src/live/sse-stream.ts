import type { ServerResponse } from 'node:http';

/** One server-sent event: its `event` name, `id` and JSON `data`. */
export interface ServerSentEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: unknown;
}

/**
 * One client's `text/event-stream` (the HTML living standard's framing) on
 * a raw response: events, a comment line as heartbeat, and an end. A client
 * that stops reading is cut off once more than `maxBufferedBytes` wait for
 * it, so it cannot make the server hold memory for it or slow the others.
 */
export class SseStream {
  private heartbeat?: NodeJS.Timeout;
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly maxBufferedBytes: number,
    /** Called once when the client is cut off for not reading. */
    private readonly onDropped: () => void,
  ) {}

  get open(): boolean {
    return !this.ended && !this.res.destroyed;
  }

  /** Sends the headers (the reply's own, CORS and security ones included) and starts the heartbeat. */
  start(headers: Record<string, string | number | string[]>, heartbeatMs: number): void {
    this.res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  send({ event, id, data }: ServerSentEvent): void {
    this.write(
      `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
    );
  }

  /** Ends the stream, with a last event when given. */
  end(last?: ServerSentEvent): void {
    if (last && this.open) this.send(last);
    this.stop();
    if (!this.res.destroyed) this.res.end();
  }

  private write(text: string): void {
    if (!this.open) return;
    this.res.write(text);
    if (this.res.writableLength > this.maxBufferedBytes) {
      this.stop();
      this.res.destroy();
      this.onDropped();
    }
  }

  private stop(): void {
    this.ended = true;
    clearInterval(this.heartbeat);
  }
}
