import { Injectable, Logger } from '@nestjs/common';
import { seriesId, type SeriesKey } from '@app/ohlc-core';
import { describeError } from '../describe-error';
import { jitteredDelayMs } from '../l2/retry-with-backoff';
import { InjectL2Cache, InjectOhlcCacheOptions } from '../ohlc-cache.decorators';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import type { CacheWrite, L2Cache } from '../ohlc-cache.port';
import type { WriteReplayOptions } from '../ohlc-cache.options';
import { DEFAULT_WRITE_REPLAY } from './write-replay.options';

/** Why queued writes never reached L2. */
export type ReplayLoss = 'overflow' | 'rejected' | 'shutdown';

export interface ReplayTally {
  writes: number;
  candles: number;
}

/** The queue's state, for metrics: what waits, what was replayed, what was lost and why. */
export interface WriteReplayStats {
  readonly pending: ReplayTally & { readonly bytes: number };
  readonly replayed: Readonly<ReplayTally>;
  readonly lost: Readonly<Record<ReplayLoss, Readonly<ReplayTally>>>;
}

interface QueuedWrite {
  readonly series: SeriesKey;
  readonly write: CacheWrite;
  readonly bytes: number;
}

/** Errors L2 will give again however often it is asked: retrying would block the queue forever. */
const NEVER_ACCEPTED = new Set(['ValidationException', 'SerializationException']);

/**
 * Write-throughs L2 refused (unreachable, throttled, table missing), kept in
 * process and written again with jittered backoff until L2 accepts them, so
 * that what was fetched during an outage is not fetched again afterwards.
 *
 * Whole writes are replayed oldest first and each through `L2Cache.write`,
 * which stores candles before their coverage: a span never shows as covered
 * without its candles. The queue is bounded by candles and bytes; a write
 * that does not fit is dropped, counted and logged, as is whatever shutdown
 * cannot drain in time.
 */
@Injectable()
export class WriteReplayQueue {
  private readonly logger = new Logger(WriteReplayQueue.name);
  private readonly options: WriteReplayOptions;
  private readonly queue: QueuedWrite[] = [];
  private readonly pending = { writes: 0, candles: 0, bytes: 0 };
  private readonly replayed: ReplayTally = { writes: 0, candles: 0 };
  private readonly lost: Record<ReplayLoss, ReplayTally> = {
    overflow: { writes: 0, candles: 0 },
    rejected: { writes: 0, candles: 0 },
    shutdown: { writes: 0, candles: 0 },
  };
  /** Failed retries in a row: the exponent of the next delay. */
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closing = false;

  constructor(
    @InjectL2Cache() private readonly l2: L2Cache,
    @InjectOhlcCacheOptions() options: OhlcCacheModuleOptions,
  ) {
    this.options = { ...DEFAULT_WRITE_REPLAY, ...options.l2.replay };
  }

  /** Queues a write L2 refused; false when it did not fit (it is then counted as lost). */
  enqueue(series: SeriesKey, write: CacheWrite): boolean {
    const entry: QueuedWrite = { series, write, bytes: sizeOf(series, write) };
    const candles = write.candles.length;
    if (
      this.pending.candles + candles > this.options.maxCandles ||
      this.pending.bytes + entry.bytes > this.options.maxBytes
    ) {
      this.count('overflow', entry);
      this.logger.error(
        `Replay queue full (${this.pending.candles} candles, ${this.pending.bytes} bytes): ` +
          `dropped the write of ${candles} candles for ${seriesId(series)}; they will be fetched again`,
      );
      return false;
    }
    this.queue.push(entry);
    this.pending.writes++;
    this.pending.candles += candles;
    this.pending.bytes += entry.bytes;
    this.schedule();
    return true;
  }

  stats(): WriteReplayStats {
    return {
      pending: { ...this.pending },
      replayed: { ...this.replayed },
      lost: {
        overflow: { ...this.lost.overflow },
        rejected: { ...this.lost.rejected },
        shutdown: { ...this.lost.shutdown },
      },
    };
  }

  /**
   * For shutdown: keeps replaying until the queue is empty or the drain
   * deadline passes, then logs and counts what could not be written. No
   * write is queued or retried in the background afterwards.
   */
  async drain(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    const deadline = Date.now() + this.options.drainTimeoutMs;
    const queued = { ...this.pending };
    if (queued.writes === 0) return;
    this.logger.log(`Draining ${queued.writes} queued L2 writes (${queued.candles} candles)`);
    while (this.queue.length > 0 && Date.now() < deadline) {
      if (await this.replayHead()) continue;
      const pause = jitteredDelayMs(this.failures, this.options);
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, deadline - Date.now())));
    }
    if (this.queue.length === 0) {
      this.logger.log(
        `Replay queue drained: all ${queued.writes} writes (${queued.candles} candles) are in L2`,
      );
      return;
    }
    const left = { ...this.pending };
    const series = new Set(this.queue.map((q) => seriesId(q.series))).size;
    for (const entry of this.queue.splice(0)) this.count('shutdown', entry);
    this.pending.writes = this.pending.candles = this.pending.bytes = 0;
    this.logger.error(
      `Shutdown: ${left.writes} L2 writes (${left.candles} candles of ${series} series) could not ` +
        `be written within ${this.options.drainTimeoutMs} ms and are lost; they will be fetched again`,
    );
  }

  private schedule(): void {
    if (this.closing || this.timer !== undefined || this.running) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.running = this.replayAll().finally(() => {
          this.running = undefined;
          if (this.queue.length > 0) this.schedule();
        });
      },
      jitteredDelayMs(this.failures, this.options),
    );
    // Retries never keep a process alive: shutdown drains explicitly.
    this.timer.unref();
  }

  /** Replays oldest first until L2 refuses one (the caller schedules the next attempt). */
  private async replayAll(): Promise<void> {
    const before = this.replayed.writes;
    while (this.queue.length > 0 && !this.closing) {
      if (!(await this.replayHead())) return;
    }
    if (this.queue.length === 0 && this.replayed.writes > before) {
      this.logger.log(
        `Replay queue empty: ${this.replayed.writes} L2 writes (${this.replayed.candles} candles) replayed so far`,
      );
    }
  }

  /** Writes the oldest entry; true when it left the queue (written, or refused for good). */
  private async replayHead(): Promise<boolean> {
    const head = this.queue[0];
    try {
      await this.l2.write(head.series, head.write);
      this.failures = 0;
      this.dequeue();
      this.replayed.writes++;
      this.replayed.candles += head.write.candles.length;
      return true;
    } catch (error) {
      if (NEVER_ACCEPTED.has(rootName(error))) {
        this.dequeue();
        this.count('rejected', head);
        this.logger.error(
          `L2 refuses the queued write of ${head.write.candles.length} candles for ` +
            `${seriesId(head.series)} for good; dropped: ${describeError(error)}`,
        );
        return true;
      }
      this.failures++;
      // Once at the start of an outage and every tenth try after: the queue's depth is a metric.
      if (this.failures % 10 === 1) {
        this.logger.warn(
          `L2 replay of ${this.pending.writes} queued writes failed (try ${this.failures}): ${describeError(error)}`,
        );
      }
      return false;
    }
  }

  private dequeue(): void {
    const entry = this.queue.shift();
    if (!entry) return;
    this.pending.writes--;
    this.pending.candles -= entry.write.candles.length;
    this.pending.bytes -= entry.bytes;
  }

  private count(loss: ReplayLoss, entry: QueuedWrite): void {
    this.lost[loss].writes++;
    this.lost[loss].candles += entry.write.candles.length;
  }
}

function sizeOf(series: SeriesKey, write: CacheWrite): number {
  return Buffer.byteLength(JSON.stringify({ series, write }));
}

/** The name of the error L2 itself answered, under the `CacheStoreError` that wraps it. */
function rootName(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.name : '';
}
