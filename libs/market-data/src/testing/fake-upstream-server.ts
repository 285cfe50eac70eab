import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake upstream saw it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query exactly as sent (for asserting what a URL carried). */
  readonly rawUrl: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

/** What the fake does with one request. */
export type ScriptedResponse =
  | {
      readonly kind: 'json';
      readonly status?: number;
      readonly body: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      /** A body sent verbatim: truncated or otherwise invalid JSON. */
      readonly kind: 'text';
      readonly status?: number;
      readonly body: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Accepts the request and never answers (until the server closes). */
  | { readonly kind: 'hang' }
  /** Destroys the connection without an answer: a network error for the client. */
  | { readonly kind: 'drop' };

/**
 * A real HTTP server on 127.0.0.1 (a free port) standing in for an upstream
 * API. Subclasses reproduce a feed's wire format; `enqueue` scripts one-off
 * answers (errors, hangs, garbage) that take precedence, in order.
 */
export abstract class FakeUpstreamServer {
  readonly requests: RecordedRequest[] = [];
  private readonly script: ScriptedResponse[] = [];
  private readonly server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      rawUrl: req.url ?? '/',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    };
    this.requests.push(request);
    send(res, this.script.shift() ?? this.answer(request));
  });
  private origin?: string;

  /** Path prefix of the API on this server (`/api/v1` for Finnhub). */
  protected readonly basePath: string = '';

  /** Starts listening (once); resolves with the base URL to configure the adapter with. */
  async start(): Promise<string> {
    if (this.origin !== undefined) return this.baseUrl;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  get baseUrl(): string {
    if (this.origin === undefined) throw new Error('FakeUpstreamServer not started');
    return this.origin + this.basePath;
  }

  /** Cuts hanging requests and stops listening. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answers the next requests with `responses`, in order, before the wire emulation. */
  enqueue(...responses: ScriptedResponse[]): this {
    this.script.push(...responses);
    return this;
  }

  /** Forgets recorded requests and unused scripted answers (between tests). */
  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
  }

  /** The feed's own answer to a request nothing was scripted for. */
  protected abstract answer(request: RecordedRequest): ScriptedResponse;
}

function send(res: ServerResponse, response: ScriptedResponse): void {
  switch (response.kind) {
    case 'hang':
      return;
    case 'drop':
      res.socket?.destroy();
      return;
    case 'json':
    case 'text': {
      const body = response.kind === 'json' ? JSON.stringify(response.body) : response.body;
      res.writeHead(response.status ?? 200, {
        'Content-Type': 'application/json',
        ...response.headers,
      });
      res.end(body);
    }
  }
}

/** A JSON answer (shorthand for scripts). */
export function jsonAnswer(
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): ScriptedResponse {
  return { kind: 'json', status, body, headers };
}

/** A fake with no feed of its own: scripted answers only, 404 otherwise. */
export class ScriptedUpstreamServer extends FakeUpstreamServer {
  protected answer(): ScriptedResponse {
    return jsonAnswer(404, { detail: 'Not found.' });
  }
}
