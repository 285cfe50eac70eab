import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DAY_MS } from '@app/ohlc-core';
import type { FixedClock } from '@app/market-hours/testing';
import type { StoredCorporateActions } from '../corporate-actions-store.port';
import { DynamoDbCandleStore } from '../l2/dynamodb-candle.store';
import { DynamoDbCorporateActionsStore } from '../l2/dynamodb-corporate-actions.store';
import { DynamoDbL2Admin } from '../l2/dynamodb-l2-admin';
import type { CommandCounter } from './command-counter';
import { makeCandles } from './fixed-candles';

/** What the L2 contract shares with these tests: its adapter client, table, clock and command count. */
export interface L2ContractContext {
  readonly adapter: DynamoDBDocumentClient;
  readonly table: string;
  readonly clock: FixedClock;
  readonly counter: CommandCounter;
}

const FIVE_MIN = 5 * 60_000;
const NO_WAIT = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };
const D = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/**
 * The L2 contract's part about freshness (docs/architecture.md#freshness-windows):
 * checks of not-yet-final spans beside coverage, and the corporate-actions
 * item with its claim. Called inside `describeL2Contract`.
 */
export function describeL2FreshnessContract(context: () => L2ContractContext): void {
  const from = Date.parse('2025-11-03T14:30:00Z');

  describe('checks of not-yet-final spans', () => {
    it('are read back with the coverage read, the latest one winning', async () => {
      const { adapter, table, clock } = context();
      const sut = new DynamoDbCandleStore(adapter, table, clock, NO_WAIT);
      const s = { ticker: 'CHK', source: 'demo', resolution: '5' as const };
      const span = { from: from + 5 * FIVE_MIN, to: from + 7 * FIVE_MIN };
      const check = { span, closedUntil: from + 6 * FIVE_MIN, at: from + 6 * FIVE_MIN + 1 };
      const forming = makeCandles(span.from, FIVE_MIN, 2).map((c) => ({
        ...c,
        expiresAt: span.to,
      }));

      await sut.write(s, { candles: forming, covered: [{ from, to: span.from }], checks: [check] });
      await sut.write(s, { candles: [], covered: [], checks: [{ ...check, at: check.at - 1 }] });

      const read = await sut.read(s, { from, to: span.to });
      expect(read.checks).toEqual([check]);
      expect(read.covered).toEqual([{ from, to: span.from }]);
      await expect(sut.read(s, { from, to: span.from })).resolves.not.toHaveProperty('checks');
    });
  });

  describe('corporate actions (DynamoDbCorporateActionsStore)', () => {
    const key = { ticker: 'NVDA', source: 'tiingo' };
    const answer: StoredCorporateActions = {
      actions: [
        { date: D('2024-03-05'), divCash: 0.04 },
        { date: D('2024-06-10'), splitFactor: 10, divCash: 0.01 },
      ],
      covers: { splits: true, dividends: false },
      from: D('2024-01-01'),
      checkedAt: D('2024-06-01') + 3_600_000,
    };
    const sut = () => new DynamoDbCorporateActionsStore(context().adapter, context().table);
    const conditions = (at: number) => ({
      staleBefore: at - DAY_MS,
      from: D('2024-02-01'),
      claimsSince: at - 60_000,
    });

    it('knows nothing of a ticker never asked for', async () => {
      await expect(sut().read({ ...key, ticker: 'NONE' })).resolves.toBeUndefined();
    });

    it('grants one claim at a time, saves the answer and reads it back whole', async () => {
      const at = D('2024-06-01');
      await expect(sut().claim(key, at, conditions(at))).resolves.toBe(true);
      await expect(sut().claim(key, at + 1, conditions(at + 1))).resolves.toBe(false);
      await expect(sut().read(key)).resolves.toBeUndefined();

      await sut().save(key, answer);

      await expect(sut().read(key)).resolves.toEqual(answer);
    });

    it('refuses a claim while the answer is fresh and covers the dates, or another holds one', async () => {
      const at = answer.checkedAt + 60_000;
      const earlier = { ...conditions(at), from: D('2023-06-01') };
      await expect(sut().claim(key, at, conditions(at))).resolves.toBe(false);
      await expect(sut().claim(key, at, earlier)).resolves.toBe(true);
      await expect(sut().claim(key, at + 1_000, earlier)).resolves.toBe(false);

      await sut().release(key, at);

      await expect(sut().claim(key, at + 1_000, earlier)).resolves.toBe(true);
      await sut().release(key, at + 1_000);
    });

    it('grants a claim once the answer is stale, and takes over one whose holder went quiet', async () => {
      const stale = answer.checkedAt + 2 * DAY_MS;
      await expect(sut().claim(key, stale, conditions(stale))).resolves.toBe(true);
      await expect(sut().claim(key, stale + 59_000, conditions(stale + 59_000))).resolves.toBe(
        false,
      );
      const later = stale + 61_000;
      await expect(sut().claim(key, later, conditions(later))).resolves.toBe(true);
      await sut().release(key, later);
      await expect(sut().read(key)).resolves.toEqual(answer);
    });

    it('is removed with the ticker, and stays out of candle reads', async () => {
      const { adapter, table, clock } = context();
      const candles = new DynamoDbCandleStore(adapter, table, clock, NO_WAIT);
      const daily = { ...key, resolution: 'D' as const };
      const read = await candles.read(daily, { from: D('2024-01-01'), to: D('2025-01-01') });
      expect(read.candles).toEqual([]);

      await new DynamoDbL2Admin(adapter, table, NO_WAIT).deleteSeries(key.ticker, [key.source]);

      await expect(sut().read(key)).resolves.toBeUndefined();
    });
  });
}
