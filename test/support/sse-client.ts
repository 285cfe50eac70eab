import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** One event of a `text/event-stream`, its data parsed as JSON. */
export interface StreamEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: Record<string, unknown>;
}

/**
 * A client of a server-sent event stream over real HTTP, as the dashboard
 * reads one (fetch-style, with headers): collects the events as they come.
 */
export class SseClient {
  readonly events: StreamEvent[] = [];
  /** Comment lines received (the heartbeat). */
  comments = 0;
  ended = false;
  private buffer = '';

  private constructor(
    private readonly req: ClientRequest,
    readonly response: IncomingMessage,
    /** The body, when the answer was not a stream (an error). */
    readonly body: string,
  ) {}

  /** Opens `url`; resolves once the status line and headers are in. */
  static open(url: string, headers: Record<string, string> = {}, read = true): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
        if (res.statusCode !== 200) {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve(new SseClient(req, res, body)));
          return;
        }
        const client = new SseClient(req, res, '');
        res.setEncoding('utf8');
        // A client that does not read: the server's buffer for it fills up.
        if (read) res.on('data', (chunk: string) => client.take(chunk));
        else res.pause();
        res.on('close', () => (client.ended = true));
        resolve(client);
      });
      req.on('error', reject);
      req.end();
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** The events named `name`. */
  of(name: string): StreamEvent[] {
    return this.events.filter((e) => e.event === name);
  }

  /** Waits (polling every 10 ms, at most `ms`) until `check` holds. */
  async until(check: (client: this) => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check(this)) {
      if (Date.now() > deadline) {
        throw new Error(
          `stream condition not met in ${ms} ms; events: ${JSON.stringify(this.events)}`,
        );
      }
      await sleep(10);
    }
  }

  close(): void {
    this.req.destroy();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const fields = new Map<string, string>();
      for (const line of frame.split('\n')) {
        if (line.startsWith(':')) {
          this.comments++;
          continue;
        }
        const colon = line.indexOf(':');
        fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
      }
      if (fields.has('event')) {
        this.events.push({
          event: fields.get('event') ?? 'message',
          id: fields.get('id'),
          data: JSON.parse(fields.get('data') ?? 'null') as Record<string, unknown>,
        });
      }
    }
  }
}
