import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Interval } from '@app/ohlc-core';
import { CommandCounter, startDynaliteTable, type TestTable } from '../testing';
import { CoverageStore } from './coverage.store';
import { coverageSortKey, partitionKey } from './l2-keys';

const MINUTE = 60_000;
const DAY = 86_400_000;
const NO_WAIT = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

describe(CoverageStore.name, () => {
  let table: TestTable;
  let counter: CommandCounter;
  let sut: CoverageStore;
  const series = { ticker: 'COV', source: 'demo', resolution: '1' as const };
  const from = Date.parse('2025-11-03T14:30:00Z');

  beforeAll(async () => {
    table = await startDynaliteTable();
    counter = CommandCounter.attach(table.client);
    sut = new CoverageStore(table.client, table.tableName, NO_WAIT);
  });
  afterAll(() => table.close());
  beforeEach(() => counter.reset());
  const covered = async (...args: Parameters<CoverageStore['read']>) =>
    (await sut.read(...args)).covered;

  const bucketItem = async (ticker: string, bucketFrom: string) =>
    (
      await table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: {
            PK: partitionKey({ ...series, ticker }),
            SK: coverageSortKey(series.resolution, Date.parse(bucketFrom)),
          },
        }),
      )
    ).Item;

  it('knows nothing of a series never written', async () => {
    await expect(
      sut.read({ ...series, ticker: 'NONE' }, { from, to: from + DAY }),
    ).resolves.toEqual({ covered: [], checks: [] });
  });

  it('clips what it holds to the range asked for', async () => {
    const s = { ...series, ticker: 'CLIP' };
    await sut.add(s, [{ from, to: from + 390 * MINUTE }]);
    const window = { from: from + 10 * MINUTE, to: from + DAY };
    expect(await covered(s, window)).toEqual([{ from: window.from, to: from + 390 * MINUTE }]);
  });

  it('splits a span at month buckets and reads it back whole', async () => {
    const s = { ...series, ticker: 'SPLIT' };
    const span = {
      from: Date.parse('2025-10-31T13:30:00Z'),
      to: Date.parse('2025-11-03T21:00:00Z'),
    };
    await sut.add(s, [span]);
    expect(counter.count('UpdateItemCommand')).toBe(2);
    expect((await bucketItem('SPLIT', '2025-10-01T00:00:00Z'))?.segments).toEqual(
      new Set(['2025-10-31T13:30:00Z/2025-11-01T00:00:00Z']),
    );
    expect(await covered(s, span)).toEqual([span]);
  });

  it('reads more than 100 buckets in chunks of 100', async () => {
    const s = { ...series, ticker: 'MANY' };
    const months: Interval[] = Array.from({ length: 130 }, (_, i) => {
      const start = Date.UTC(2010, i, 2, 14, 30);
      return { from: start, to: start + 390 * MINUTE };
    });
    await sut.add(s, months);
    counter.reset();
    const read = await covered(s, { from: months[0].from, to: months[129].to });
    expect(read).toEqual(months);
    expect(counter.count('BatchGetItemCommand')).toBe(2);
  });

  it('merges a bucket back once it holds more than 8 segments', async () => {
    const s = { ...series, ticker: 'POLL' };
    for (let i = 0; i < 20; i++) {
      await sut.add(s, [{ from: from + i * MINUTE, to: from + (i + 1) * MINUTE }]);
    }
    const item = await bucketItem('POLL', '2025-11-01T00:00:00Z');
    expect((item?.segments as Set<string>).size).toBeLessThanOrEqual(9);
    expect(await covered(s, { from, to: from + DAY })).toEqual([{ from, to: from + 20 * MINUTE }]);
  });

  it('loses no segment when writers add to one bucket at once', async () => {
    const s = { ...series, ticker: 'RACE' };
    const sessions: Interval[] = Array.from({ length: 15 }, (_, i) => ({
      from: from + i * DAY,
      to: from + i * DAY + 390 * MINUTE,
    }));
    await Promise.all(sessions.map((session) => sut.add(s, [session])));
    expect(await covered(s, { from, to: from + 30 * DAY })).toEqual(sessions);
  });

  it('ignores a malformed segment instead of failing the read', async () => {
    const s = { ...series, ticker: 'BAD' };
    await sut.add(s, [{ from, to: from + MINUTE }]);
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: {
          PK: partitionKey(s),
          SK: coverageSortKey(s.resolution, Date.parse('2025-11-01T00:00:00Z')),
        },
        UpdateExpression: 'ADD #segs :bad',
        ExpressionAttributeNames: { '#segs': 'segments' },
        ExpressionAttributeValues: {
          ':bad': new Set(['not-a-segment', '2025-11-04T00:00:00Z/2025-11-03T00:00:00Z']),
        },
      }),
    );
    expect(await covered(s, { from, to: from + DAY })).toEqual([{ from, to: from + MINUTE }]);
  });

  describe('checks of spans not final yet', () => {
    const s = { ...series, ticker: 'CHECK' };
    const span = { from: from + 385 * MINUTE, to: from + 390 * MINUTE };
    const check = { span, closedUntil: span.to, at: from + 400 * MINUTE };

    it('keeps the latest check in the bucket its span starts in, beside the segments', async () => {
      await sut.add(s, [{ from, to: span.from }]);
      await sut.check(s, [check]);
      await sut.check(s, [{ ...check, at: check.at - MINUTE }]);

      await expect(sut.read(s, { from, to: from + DAY })).resolves.toEqual({
        covered: [{ from, to: span.from }],
        checks: [check],
      });
      await sut.add(s, [span]);
      expect((await sut.read(s, { from, to: from + DAY })).checks).toEqual([check]);
    });

    it('leaves out a check whose span the range does not reach', async () => {
      await expect(sut.read(s, { from, to: span.from })).resolves.toMatchObject({ checks: [] });
    });
  });
});
