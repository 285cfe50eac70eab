import { RedisConnection } from './redis-connection';
import { RedisInvalidationBus } from './redis-invalidation.bus';
import { RedisKeyvStore } from './redis-keyv.store';
import { RedisWindowCounters } from './redis-window-counters';
import type { SharedStateOptions } from './shared-state.options';
import type { SharedStateStatus } from './shared-state.port';

/** How long start-up waits for the server before it goes on degraded, in milliseconds. */
const CONNECT_WAIT_MS = 2_000;

/** Everything instances share through one server, over one connection. */
export class SharedState {
  private constructor(
    private readonly connection: RedisConnection,
    /** Up or down, and the transitions so far. */
    readonly status: SharedStateStatus,
    /** Fleet-wide counters in fixed windows (the client budgets). */
    readonly counters: RedisWindowCounters,
    /** Invalidations published to every instance. */
    readonly invalidations: RedisInvalidationBus,
    /** The store of the shared L1 tier. */
    readonly l1Store: RedisKeyvStore,
  ) {}

  /** Connects (waiting at most two seconds: past that the service starts degraded and recovers later). */
  static async open(options: SharedStateOptions): Promise<SharedState> {
    const connection = new RedisConnection(options);
    await connection.connect(CONNECT_WAIT_MS);
    return new SharedState(
      connection,
      connection,
      new RedisWindowCounters(connection),
      new RedisInvalidationBus(connection),
      new RedisKeyvStore(connection),
    );
  }

  close(): void {
    this.connection.close();
  }
}
