import { Logger } from '@nestjs/common';
import type * as Redis from '@redis/client';
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_KEY_PREFIX,
  DEFAULT_PROBE_MS,
  type SharedStateOptions,
} from './shared-state.options';
import type { SharedStateStatus } from './shared-state.port';

export type RedisClient = ReturnType<typeof Redis.createClient>;

/** Longest pause between reconnection attempts, in milliseconds. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The one connection to the shared server (and a second one for pub/sub,
 * which Redis requires), and its health as the features see it. Commands
 * fail fast instead of queueing while the socket is down, and time out after
 * `commandTimeoutMs`; either failure counts the server as down, so from then
 * on features fall back at once instead of waiting, until a probe (`PING`
 * every `probeMs`) answers again. Each transition is logged once and counted.
 */
export class RedisConnection implements SharedStateStatus {
  readonly prefix: string;
  readonly transitions = { down: 0, up: 0 };
  private readonly logger = new Logger('SharedState');
  private readonly client: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly probeMs: number;
  /** `starting` until the first answer or failure; only later changes count as transitions. */
  private state: 'starting' | 'up' | 'down' = 'starting';
  private probe?: NodeJS.Timeout;
  private closed = false;

  constructor(options: SharedStateOptions) {
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.probeMs = options.probeMs ?? DEFAULT_PROBE_MS;
    // Loaded here, not at import: only a configured shared server needs it, and it was a tenth
    // of the API's start-up (module loading) for every instance without one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createClient } = require('@redis/client') as typeof Redis;
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS },
      socket: {
        connectTimeout: Math.max(1_000, options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS),
        reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
      },
    });
    this.subscriber = this.client.duplicate();
    for (const client of [this.client, this.subscriber]) {
      // Without a listener an 'error' event would end the process.
      client.on('error', (error: unknown) => this.markDown(error));
    }
    this.client.on('ready', () => void this.probeNow());
  }

  get up(): boolean {
    return this.state === 'up';
  }

  /** Connects both connections, waiting at most `waitMs`; the service starts degraded past it. */
  async connect(waitMs: number): Promise<void> {
    const ready = Promise.all([this.client.connect(), this.subscriber.connect()]).then(
      () => this.probeNow(),
      (error: unknown) => this.markDown(error),
    );
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([ready, bound]);
    clearTimeout(timer);
    if (this.state === 'starting') this.markDown(new Error(`not ready within ${waitMs} ms`));
  }

  /**
   * Runs `command` while the server is up: its result, or undefined at once
   * when the server is down, and undefined when the command fails or times
   * out (the server then counts as down).
   */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T | undefined> {
    if (this.state !== 'up') return undefined;
    try {
      return await command(this.client);
    } catch (error) {
      this.markDown(error);
      return undefined;
    }
  }

  /** Delivers every message published on `channel` (resubscribed after a reconnection). */
  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    await this.subscriber.subscribe(this.prefix + channel, listener);
  }

  /** Drops both connections at once: commands still pending fail, as at any shutdown. */
  close(): void {
    this.closed = true;
    clearInterval(this.probe);
    for (const client of [this.client, this.subscriber]) {
      if (client.isOpen) client.destroy();
    }
  }

  private probeNow(): Promise<void> {
    return this.client.ping().then(
      () => this.markUp(),
      (error: unknown) => this.markDown(error),
    );
  }

  private markUp(): void {
    if (this.state === 'up' || this.closed) return;
    if (this.state === 'down') this.transitions.up++;
    this.state = 'up';
    clearInterval(this.probe);
    this.probe = undefined;
    this.logger.log('Shared state (Redis) up: the fleet shares throttling, invalidations and L1');
  }

  private markDown(error: unknown): void {
    if (this.state === 'down' || this.closed) return;
    if (this.state === 'up') this.transitions.down++;
    this.state = 'down';
    this.logger.warn(
      `Shared state (Redis) down, each instance on its own until it answers: ${describe(error)}`,
    );
    this.probe ??= setInterval(() => void this.probeNow(), this.probeMs).unref();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
