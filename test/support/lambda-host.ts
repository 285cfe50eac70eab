import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { killWithThisProcess } from '@app/ohlc-cache/testing';
import { ApiProcess } from './api-process';

const HOST = join(__dirname, 'lambda/lambda-host.cjs');

/** A request as API Gateway's HTTP API or a function URL receives it (see lambda/lambda-host.cjs). */
export interface LambdaRequest {
  readonly kind: 'http-api' | 'function-url';
  readonly method?: string;
  readonly path: string;
  /** The query string as sent, without `?`. */
  readonly query?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the handler returned: the payload format 2.0 response. */
export interface LambdaResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded?: boolean;
}

export interface Invocation {
  /** The handler's own time, in milliseconds. */
  readonly ms: number;
  readonly response: LambdaResponse;
}

type HostMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly ms: number; readonly response: LambdaResponse }
  | { readonly id: number; readonly error: string };

/**
 * One Lambda execution environment in its own `node` process: the handler
 * module loaded fresh, its app's log lines collected like `ApiProcess`'s.
 */
export class LambdaHost extends ApiProcess {
  private nextId = 0;
  private stderr = '';

  /** Loads `handlerModule` in a new process and resolves once it is loaded (the init phase). */
  static async start(
    handlerModule: string,
    options: { readonly cwd: string; readonly env: Record<string, string | undefined> },
  ): Promise<LambdaHost> {
    const child = fork(HOST, [handlerModule], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    if (child.pid !== undefined) killWithThisProcess(child.pid);
    const host = new LambdaHost(child);
    child.stderr?.on('data', (chunk: Buffer) => (host.stderr += chunk.toString()));
    const exited = host.exited.then(([code]) => {
      throw new Error(`the Lambda host exited (${String(code)}) while loading:\n${host.stderr}`);
    });
    exited.catch(() => undefined);
    await Promise.race([once(child, 'message'), exited]);
    return host;
  }

  /** Calls `handler` with the event for `request`; `timeoutMs` is the invocation's time limit. */
  async invoke(request: LambdaRequest, timeoutMs = 30_000): Promise<Invocation> {
    const id = this.nextId++;
    const answered = new Promise<Invocation>((resolve, reject) => {
      const listen = (message: HostMessage) => {
        if (!('id' in message) || message.id !== id) return;
        this.child.off('message', listen);
        if ('error' in message) reject(new Error(`${message.error}\n${this.stderr}`));
        else resolve({ ms: message.ms, response: message.response });
      };
      this.child.on('message', listen);
    });
    this.child.send({ id, request, timeoutMs });
    return answered;
  }
}
