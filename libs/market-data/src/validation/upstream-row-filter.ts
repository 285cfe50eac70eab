import { type Candle, type Resolution } from '@app/ohlc-core';
import type { LoggerService } from '@nestjs/common';
import { CandleValidator } from './candle-validator';
import type { CandleStartPredicate } from './candle-start-predicate';
import { ValidationStats, type ValidationStatsSnapshot } from './validation-stats';

/** The part of a Nest logger the filter uses (a Nest `Logger` fits). */
export type WarningLogger = Pick<LoggerService, 'warn'>;

/**
 * The gate between an upstream's rows and the cache: drops unsound rows,
 * counts them per reason and logs one line per upstream answer, so that a feed
 * sending garbage is visible without flooding the log.
 */
export class UpstreamRowFilter {
  private readonly validator: CandleValidator;
  private readonly stats = new ValidationStats();

  constructor(
    private readonly provider: string,
    isCandleStart: CandleStartPredicate,
    private readonly logger: WarningLogger,
  ) {
    this.validator = new CandleValidator(isCandleStart);
  }

  /** The sound rows of one upstream answer, in input order (see `CandleValidator.validate`). */
  accept(ticker: string, resolution: Resolution, rows: readonly Candle[]): Candle[] {
    const { candles, dropped } = this.validator.validate(resolution, rows);
    this.record(ticker, resolution, rows.length, dropped);
    return candles;
  }

  /**
   * Counts one fetch of `total` rows of which `dropped` (by reason) were
   * unsound, and logs it once; for rows validated elsewhere (`what` names
   * them, e.g. `splits`).
   */
  record(ticker: string, what: string, total: number, dropped: ReadonlyMap<string, number>): void {
    const droppedRows = [...dropped.values()].reduce((sum, count) => sum + count, 0);
    this.stats.record(total - droppedRows, dropped);
    if (dropped.size > 0) {
      const reasons = [...dropped].map(([reason, count]) => `${count} × ${reason}`).join('; ');
      this.logger.warn(
        `Dropped ${droppedRows} of ${total} upstream rows from ${this.provider} for ${ticker} (${what}): ${reasons}`,
      );
    }
  }

  snapshot(): ValidationStatsSnapshot {
    return this.stats.snapshot();
  }
}
