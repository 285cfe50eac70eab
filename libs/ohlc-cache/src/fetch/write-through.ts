import { Injectable, Logger } from '@nestjs/common';
import { seriesId, type Interval, type SeriesKey, type StoredCandle } from '@app/ohlc-core';
import { describeError } from '../describe-error';
import { InjectL1Cache, InjectL2Cache } from '../ohlc-cache.decorators';
import type { CacheWrite, L1Cache, L2Cache, VolatileCheck } from '../ohlc-cache.port';
import { WriteReplayQueue } from '../write-replay/write-replay-queue';
import type { FlightResult } from './in-flight-fetches';

/**
 * Write-through of what a fill fetched: L2 first (durable, shared), then L1.
 * A write L2 refuses is reported (the response says so) and queued for
 * replay, not lost.
 */
@Injectable()
export class WriteThrough {
  private readonly logger = new Logger(WriteThrough.name);

  constructor(
    @InjectL1Cache() private readonly l1: L1Cache,
    @InjectL2Cache() private readonly l2: L2Cache,
    private readonly replay: WriteReplayQueue,
  ) {}

  async store(
    series: SeriesKey,
    candles: StoredCandle[],
    covered: Interval[],
    generation: number,
    checks: readonly VolatileCheck[] = [],
  ): Promise<FlightResult> {
    let writeFailed = false;
    const write = { candles, covered, checks };
    try {
      await this.l2.write(series, write);
    } catch (error) {
      writeFailed = true;
      const queued = this.replay.enqueue(series, write);
      this.logger.error(
        `L2 write-through of ${candles.length} candles for ${seriesId(series)} failed` +
          `${queued ? ' (queued for replay)' : ''}: ${describeError(error)}`,
      );
    }
    await this.l1.write(series, write, generation);
    return { candles, covered, writeFailed };
  }

  /** Copies into L1 what another fetch already stored in L2. */
  async intoL1(series: SeriesKey, write: CacheWrite, generation: number): Promise<void> {
    if (write.candles.length > 0 || write.covered.length > 0 || write.checks?.length) {
      await this.l1.write(series, write, generation);
    }
  }
}
