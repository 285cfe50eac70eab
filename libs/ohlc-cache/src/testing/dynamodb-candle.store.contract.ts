import { performance } from 'node:perf_hooks';
import {
  QueryCommand as AttributeValueQueryCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { CacheStoreError, type Interval } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { ensureCacheTable } from '../l2/cache-table';
import { CandleItemMapper } from '../l2/candle-item.mapper';
import { DynamoDbCandleStore } from '../l2/dynamodb-candle.store';
import { DynamoDbFetchLease } from '../l2/dynamodb-fetch-lease';
import { leaseOwnerPrefix } from '../fetch-lease.port';
import { DynamoDbL2Admin } from '../l2/dynamodb-l2-admin';
import { DynamoDbL2Inspector } from '../l2/dynamodb-l2-inspector';
import { createDocumentClient, createDynamoDbClient } from '../l2/dynamodb-client';
import { coverageSortKey, generationKey, leaseSortKey, partitionKey } from '../l2/l2-keys';
import { CommandCounter } from './command-counter';
import { describeL2FreshnessContract } from './l2-freshness.contract';
import { makeCandles } from './fixed-candles';
import type { TestTable } from './test-table';
import { WithholdingClient } from './withholding-client';

const MINUTE = 60_000;
const FIVE_MIN = 5 * MINUTE;
const DAY = 24 * 60 * MINUTE;
const NO_WAIT = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

type Sender = Pick<DynamoDBDocumentClient, 'send'>;

export interface L2ContractOptions {
  /** Sees the SDK name (`QueryCommand`, ...) of every command the adapter sends. */
  readonly onCommand?: (name: string) => void;
  /** Time allowed for `start`, in milliseconds; a JVM-based backend needs more than jest's 5 s. */
  readonly startTimeoutMs?: number;
}

/** Records the raw items of every Query answer (of either client), to see what the server sent back. */
class QuerySpy implements Sender {
  readonly items: Record<string, unknown>[] = [];
  constructor(private readonly real: Sender) {}

  send: Sender['send'] = ((command: unknown) =>
    this.real.send(command as QueryCommand).then((out) => {
      if (command instanceof QueryCommand || command instanceof AttributeValueQueryCommand) {
        this.items.push(...(out.Items ?? []));
      }
      return out;
    })) as Sender['send'];
}

/**
 * What the OHLC service relies on from L2 (docs/architecture.md#storage-model-l2), against a real
 * backend: every DynamoDB-compatible store the adapter runs on must pass it
 * unchanged, and differences between them are the adapter's business. An L2
 * operation added to the adapter gets its tests here.
 */
export function describeL2Contract(
  backend: string,
  start: () => Promise<TestTable>,
  options: L2ContractOptions = {},
): void {
  describe(`${DynamoDbCandleStore.name} L2 contract [${backend}]`, () => {
    let db: TestTable | undefined;
    // The adapter's own client: seeding through `db.client` stays out of the counts.
    let adapterRaw: DynamoDBClient;
    let adapter: DynamoDBDocumentClient;
    let counter: CommandCounter;
    const clock = new FixedClock('2025-12-01T00:00:00Z');
    const series = { ticker: 'AAPL', source: 'demo', resolution: '5' as const };
    const from = Date.parse('2025-11-03T14:30:00Z');
    const timing = { begin: 0, started: 0, tests: 0 };

    beforeAll(async () => {
      timing.begin = performance.now();
      db = await start();
      timing.started = performance.now();
      adapterRaw = createDynamoDbClient({ endpoint: db.endpoint, local: true });
      adapter = createDocumentClient(adapterRaw);
      counter = CommandCounter.attach(adapter, options.onCommand);
    }, options.startTimeoutMs);
    afterAll(async () => {
      adapter?.destroy();
      await db?.close();
      const seconds = (ms: number) => (ms / 1000).toFixed(1);
      console.log(
        timing.started === 0
          ? `L2 contract [${backend}]: the backend did not start`
          : `L2 contract [${backend}]: ${timing.tests} tests in ` +
              `${seconds(performance.now() - timing.begin)} s ` +
              `(start-up ${seconds(timing.started - timing.begin)} s)`,
      );
    });
    beforeEach(() => counter.reset());
    afterEach(() => {
      timing.tests++;
    });

    const table = () => db!.tableName;
    const store = (client: Sender = adapter) =>
      new DynamoDbCandleStore(client, table(), clock, NO_WAIT);
    /** Puts items as they are, bypassing the adapter. */
    const seed = async (items: Record<string, unknown>[]) => {
      for (let i = 0; i < items.length; i += 25) {
        const requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
        await db!.client.send(new BatchWriteCommand({ RequestItems: { [table()]: requests } }));
      }
    };

    describe('startup', () => {
      it('accepts the existing table with one DescribeTable', async () => {
        await expect(ensureCacheTable(adapterRaw, table(), false)).resolves.toBeUndefined();
        expect(counter.names()).toEqual(['DescribeTableCommand']);
      });

      it('names a missing table it may not create', async () => {
        await expect(ensureCacheTable(adapterRaw, 'no-such-table', false)).rejects.toThrow(
          'DynamoDB table "no-such-table" does not exist',
        );
      });
    });

    describe('read', () => {
      it('answers a miss with no candles and no coverage', async () => {
        const sut = store();
        const read = sut.read({ ...series, ticker: 'NONE' }, { from, to: from + FIVE_MIN });
        await expect(read).resolves.toEqual({ candles: [], covered: [], expired: [] });
      });

      it('writes in chunks of 25 and reads a sub-range back with one Query', async () => {
        const sut = store();
        const candles = makeCandles(from, FIVE_MIN, 60);
        await sut.write(series, { candles, covered: [{ from, to: from + 60 * FIVE_MIN }] });
        expect(counter.count('BatchWriteItemCommand')).toBe(3);

        counter.reset();
        const window = { from: from + 10 * FIVE_MIN, to: from + 34 * FIVE_MIN };
        const read = await sut.read(series, window);
        expect(read.candles).toEqual(candles.slice(10, 34));
        expect(read.covered).toEqual([window]);
        expect(counter.count('QueryCommand')).toBe(1);
      });

      it.each([
        ['5', FIVE_MIN],
        ['D', DAY],
      ] as const)(
        'includes the candle at `from` and excludes the one at `to` (%s)',
        async (resolution, step) => {
          const sut = store();
          const s = { ticker: 'EDGE', source: 'demo', resolution };
          const start = resolution === 'D' ? Date.parse('2025-11-03T00:00:00Z') : from;
          // One before the range, two in it, one exactly at its end, one after.
          const candles = makeCandles(start - step, step, 5);
          await sut.write(s, { candles, covered: [] });
          const read = await sut.read(s, { from: start, to: start + 2 * step });
          expect(read.candles).toEqual(candles.slice(1, 3));
        },
      );

      it('reads a single-candle range', async () => {
        const sut = store();
        const s = { ...series, ticker: 'ONE' };
        const candles = makeCandles(from, FIVE_MIN, 3);
        await sut.write(s, { candles, covered: [] });
        const read = await sut.read(s, { from: from + FIVE_MIN, to: from + 2 * FIVE_MIN });
        expect(read.candles).toEqual([candles[1]]);
      });

      it('follows LastEvaluatedKey across pages', async () => {
        const sut = store();
        const s = { ticker: 'PAGE', source: 'demo', resolution: '1' as const };
        // A Query page holds at most 1 MB, counted before projection: 1 200
        // padded items need two pages.
        const candles = makeCandles(from, MINUTE, 1_200);
        const pad = 'x'.repeat(1_000);
        await seed(candles.map((c) => ({ ...CandleItemMapper.toItem(s, c), pad })));
        const read = await sut.read(s, { from, to: from + 1_200 * MINUTE });
        expect(read.candles).toEqual(candles);
        expect(counter.count('QueryCommand')).toBeGreaterThan(1);
      });

      it('asks only for the mapped attributes, so extra ones never come back', async () => {
        const spy = new QuerySpy(adapter);
        const sut = store(spy);
        const s = { ...series, ticker: 'PROJ' };
        const [candle] = makeCandles(from, FIVE_MIN, 1);
        await seed([{ ...CandleItemMapper.toItem(s, candle), pad: 'x', owner: 'someone else' }]);
        const read = await sut.read(s, { from, to: from + FIVE_MIN });
        expect(read.candles).toEqual([candle]);
        expect(spy.items.map((item) => Object.keys(item).sort())).toEqual([
          ['SK', 'close', 'fetched_at', 'high', 'low', 'open', 'volume'],
        ]);
      });

      it('reads coverage before candles, so a covered span always has its candles', async () => {
        const order: string[] = [];
        const recording: Sender = {
          send: ((command: { constructor: { name: string } }) => {
            order.push(command.constructor.name);
            return adapter.send(command as QueryCommand);
          }) as Sender['send'],
        };
        await store(recording).read(series, { from, to: from + FIVE_MIN });
        expect(order).toEqual(['BatchGetCommand', 'QueryCommand']);
      });

      it('reads the generation in the coverage BatchGetItem, strongly consistent', async () => {
        const sent: { name: string; input: unknown }[] = [];
        const recording: Sender = {
          send: ((command: { constructor: { name: string }; input: unknown }) => {
            sent.push({ name: command.constructor.name, input: command.input });
            return adapter.send(command as QueryCommand);
          }) as Sender['send'],
        };
        const sut = store(recording);
        const s = { ...series, ticker: 'CARRY' };
        const candles = makeCandles(from, FIVE_MIN, 2);
        const covered = [{ from, to: from + 2 * FIVE_MIN }];
        await store().write(s, { candles, covered });
        const range = { from, to: from + 2 * FIVE_MIN };
        await expect(sut.readWithGeneration(s, range)).resolves.toEqual({
          cached: await store().read(s, range),
          generation: 0,
        });
        const admin = new DynamoDbL2Admin(adapter, table(), NO_WAIT);
        await admin.bumpGeneration('CARRY');
        await admin.bumpGeneration('CARRY');
        sent.length = 0;
        await expect(sut.readWithGeneration(s, range)).resolves.toMatchObject({
          cached: { candles, covered },
          generation: 2,
        });
        // One request less than the coverage read and a GetItem of the generation apart.
        expect(sent.map((c) => c.name)).toEqual(['BatchGetCommand', 'QueryCommand']);
        expect(sent[0].input).toMatchObject({
          RequestItems: {
            [table()]: {
              Keys: expect.arrayContaining([generationKey('CARRY')]) as unknown,
              ConsistentRead: true,
            },
          },
        });
      });

      it('hides candles whose ttl has passed', async () => {
        const sut = store();
        const s = { ...series, ticker: 'TTL' };
        const [closed, forming] = makeCandles(from, FIVE_MIN, 2);
        const expiresAt = clock.now() - 1_000;
        await sut.write(s, { candles: [closed, { ...forming, expiresAt }], covered: [] });
        const read = await sut.read(s, { from, to: from + 2 * FIVE_MIN });
        expect(read.candles).toEqual([closed]);
        // Handed back apart, to tell a correction when it is fetched again.
        expect(read.expired).toEqual([
          { ...forming, expiresAt: Math.ceil(expiresAt / 1000) * 1000 },
        ]);
      });
    });

    describe('write', () => {
      // Closed candles are immutable, so an unconditional put of the same
      // candle is idempotent; a forming copy is put only where no final one
      // exists (a conditional put), and coverage grows by an atomic ADD to a
      // string set, merged back under a version condition.
      it('treats rewriting identical candles as harmless', async () => {
        const sut = store();
        const s = { ...series, ticker: 'DUP' };
        const candles = makeCandles(from, FIVE_MIN, 3);
        const write = {
          candles: [...candles, ...candles],
          covered: [{ from, to: from + 3 * FIVE_MIN }],
        };
        await sut.write(s, write);
        await sut.write(s, write);
        const read = await sut.read(s, { from, to: from + 3 * FIVE_MIN });
        expect(read).toEqual({ candles, covered: write.covered, expired: [] });
      });

      it('merges coverage written by separate fetches and across month buckets', async () => {
        const sut = store();
        const s = { ...series, ticker: 'COV' };
        const a = {
          from: Date.parse('2025-10-31T13:30:00Z'),
          to: Date.parse('2025-11-01T00:00:00Z'),
        };
        const b = { from: a.to, to: Date.parse('2025-11-03T21:00:00Z') };
        await sut.write(s, { candles: [], covered: [a] });
        await sut.write(s, { candles: [], covered: [b] });
        const read = await sut.read(s, { from: a.from, to: b.to });
        expect(read.covered).toEqual([{ from: a.from, to: b.to }]);
      });

      it('never lets a copy fetched while forming replace the final candle', async () => {
        const sut = store();
        const s = { ...series, ticker: 'FORM' };
        const [final] = makeCandles(from, FIVE_MIN, 1);
        const forming = { ...final, close: final.close - 0.5, expiresAt: clock.now() + DAY };
        const range = { from, to: from + FIVE_MIN };

        await sut.write(s, { candles: [forming], covered: [] });
        await sut.write(s, { candles: [final], covered: [range] });
        expect((await sut.read(s, range)).candles).toEqual([final]);

        await sut.write(s, { candles: [forming], covered: [] });
        expect((await sut.read(s, range)).candles).toEqual([final]);
        expect(counter.count('PutItemCommand')).toBe(2);
      });

      it('keeps a coverage bucket compact when a session is polled candle by candle', async () => {
        const sut = store();
        const s = { ...series, ticker: 'POLL' };
        for (let i = 0; i < 30; i++) {
          const span = { from: from + i * FIVE_MIN, to: from + (i + 1) * FIVE_MIN };
          await sut.write(s, { candles: makeCandles(span.from, FIVE_MIN, 1), covered: [span] });
        }
        const read = await sut.read(s, { from, to: from + 30 * FIVE_MIN });
        expect(read.covered).toEqual([{ from, to: from + 30 * FIVE_MIN }]);
        const bucket = await db!.client.send(
          new GetCommand({
            TableName: table(),
            Key: {
              PK: partitionKey(s),
              SK: coverageSortKey('5', Date.parse('2025-11-01T00:00:00Z')),
            },
          }),
        );
        expect((bucket.Item?.segments as Set<string>).size).toBeLessThanOrEqual(9);
      });

      it('keeps every segment when writers add to one coverage bucket at once', async () => {
        const s = { ...series, ticker: 'RACE' };
        const sessions: Interval[] = Array.from({ length: 12 }, (_, i) => ({
          from: from + i * DAY,
          to: from + i * DAY + 78 * FIVE_MIN,
        }));
        await Promise.all(
          sessions.map((session) => store().write(s, { candles: [], covered: [session] })),
        );
        // One ADD each, plus merges that may lose a version race and give way.
        expect(counter.count('UpdateItemCommand')).toBeGreaterThanOrEqual(sessions.length);
        const read = await store().read(s, { from, to: from + 30 * DAY });
        expect(read.covered).toEqual(sessions);
      });

      it('retries UnprocessedItems with backoff until they are written', async () => {
        const client = new WithholdingClient(adapter, 2);
        const sut = store(client);
        const s = { ...series, ticker: 'RETRY' };
        // One chunk: chunks go out together, so with more each would lose an item at once.
        const candles = makeCandles(from, FIVE_MIN, 25);
        await sut.write(s, { candles, covered: [] });
        // The chunk of 25 withheld 1 item, its retry (1 item) withheld again, then written.
        expect(client.batchSizes).toEqual([25, 1]);
        const read = await store().read(s, { from, to: from + 25 * FIVE_MIN });
        expect(read.candles).toEqual(candles);
      });

      it('reports a write whose items stay unprocessed after every attempt', async () => {
        const client = new WithholdingClient(adapter, 99);
        const sut = store(client);
        const s = { ...series, ticker: 'LOST' };
        const write = sut.write(s, {
          candles: makeCandles(from, FIVE_MIN, 2),
          covered: [{ from, to: from + 2 * FIVE_MIN }],
        });
        await expect(write).rejects.toThrow(CacheStoreError);
        await expect(write).rejects.toThrow('1 candle writes unprocessed after 4 attempts');
        expect(client.batchSizes).toHaveLength(NO_WAIT.maxAttempts);
        // No coverage is claimed for candles that were not stored.
        const read = store().read(s, { from, to: from + 2 * FIVE_MIN });
        await expect(read).resolves.toMatchObject({ covered: [] });
      });
    });

    describeL2FreshnessContract(() => ({ adapter, table: table(), clock, counter }));

    describe('fetch lease', () => {
      const lease = () => new DynamoDbFetchLease(adapter, table(), clock);
      const s = { ...series, ticker: 'LEASE' };
      // Two month buckets: the lease is all or nothing across them.
      const span = {
        from: Date.parse('2025-10-31T13:30:00Z'),
        to: Date.parse('2025-11-03T21:00:00Z'),
      };

      it('is held by one owner at a time, and free again once released', async () => {
        const sut = lease();
        await expect(sut.acquire(s, span, 'a', 30_000)).resolves.toBe(true);
        await expect(sut.acquire(s, span, 'b', 30_000)).resolves.toBe(false);
        await expect(sut.acquire(s, span, 'a', 30_000)).resolves.toBe(true);
        await sut.release(s, span, 'a');
        await expect(sut.acquire(s, span, 'b', 30_000)).resolves.toBe(true);
        await sut.release(s, span, 'b');
      });

      it('takes nothing when one bucket is held, and never releases another owner’s lease', async () => {
        const sut = lease();
        const november = { from: Date.parse('2025-11-03T14:30:00Z'), to: span.to };
        await sut.acquire(s, november, 'a', 30_000);
        await expect(sut.acquire(s, span, 'b', 30_000)).resolves.toBe(false);
        await sut.release(s, november, 'b');
        // October was released when November failed; November is still a's.
        await expect(
          sut.acquire(s, { from: span.from, to: Date.parse('2025-11-01T00:00:00Z') }, 'c', 30_000),
        ).resolves.toBe(true);
        await expect(sut.acquire(s, november, 'c', 30_000)).resolves.toBe(false);
        await sut.release(s, span, 'a');
        await sut.release(s, span, 'c');
      });

      it('is taken over once it expires', async () => {
        const sut = lease();
        await sut.acquire(s, span, 'a', 1_000);
        await expect(sut.acquire(s, span, 'b', 1_000)).resolves.toBe(false);
        clock.advance(1_001);
        await expect(sut.acquire(s, span, 'b', 1_000)).resolves.toBe(true);
        // The old holder's late release leaves the new holder's lease alone.
        await sut.release(s, span, 'a');
        await expect(sut.acquire(s, span, 'c', 1_000)).resolves.toBe(false);
        await sut.release(s, span, 'b');
      });

      it('is renewed by its holder, and taken over at once by a restart of its instance', async () => {
        const sut = lease();
        const dead = `${leaseOwnerPrefix('api-1', 'boot-1')}1`;
        const restarted = `${leaseOwnerPrefix('api-1', 'boot-2')}1`;
        await sut.acquire(s, span, dead, 1_000);
        clock.advance(900);
        await expect(sut.acquire(s, span, dead, 1_000)).resolves.toBe(true);
        clock.advance(900);
        // Renewed: another instance still finds it held.
        await expect(
          sut.acquire(s, span, `${leaseOwnerPrefix('api-2', 'x')}1`, 1_000),
        ).resolves.toBe(false);
        await expect(sut.acquire(s, span, restarted, 1_000)).resolves.toBe(true);
        // Its own other flights take turns as before.
        await expect(
          sut.acquire(s, span, `${leaseOwnerPrefix('api-1', 'boot-2')}2`, 1_000),
        ).resolves.toBe(false);
        await sut.release(s, span, restarted);
      });

      it('stays out of candle and coverage reads', async () => {
        await lease().acquire(s, span, 'a', 30_000);
        await expect(store().read(s, span)).resolves.toEqual({
          candles: [],
          covered: [],
          expired: [],
        });
        await lease().release(s, span, 'a');
      });
    });

    describe('invalidation (DynamoDbL2Admin)', () => {
      const admin = (client: Sender = adapter) => new DynamoDbL2Admin(client, table(), NO_WAIT);
      const daily = Date.parse('2025-11-03T00:00:00Z');
      /** Five 5-minute candles with their coverage, and three daily ones with theirs. */
      const fill = async (ticker: string, source = 'demo') => {
        const five = { ticker, source, resolution: '5' as const };
        const d = { ticker, source, resolution: 'D' as const };
        await store().write(five, {
          candles: makeCandles(from, FIVE_MIN, 5),
          covered: [{ from, to: from + 5 * FIVE_MIN }],
        });
        await store().write(d, {
          candles: makeCandles(daily, DAY, 3),
          covered: [{ from: daily, to: daily + 3 * DAY }],
        });
        return { five, d };
      };
      const everything = { from: daily - DAY, to: daily + 30 * DAY };

      it('deletes every candle and coverage item of a ticker in the given sources only', async () => {
        const { five, d } = await fill('DEL');
        const kept = await fill('KEEP');
        const otherSource = await fill('DEL', 'other');
        counter.reset();

        // 5 + 3 candles, one coverage bucket each (November, 2025).
        await expect(admin().deleteSeries('DEL', ['demo'])).resolves.toBe(10);
        expect(counter.names().sort()).toEqual(['BatchWriteItemCommand', 'QueryCommand']);
        for (const s of [five, d]) {
          await expect(store().read(s, everything)).resolves.toEqual({
            candles: [],
            covered: [],
            expired: [],
          });
        }
        for (const s of [kept.five, kept.d, otherSource.five, otherSource.d]) {
          expect((await store().read(s, everything)).candles.length).toBeGreaterThan(0);
        }
      });

      it('deletes one resolution with its coverage and leaves the others', async () => {
        const { five, d } = await fill('RES');
        const one = { ticker: 'RES', source: 'demo', resolution: '1' as const };
        const fifteen = { ticker: 'RES', source: 'demo', resolution: '15' as const };
        await store().write(one, { candles: makeCandles(from, MINUTE, 2), covered: [] });
        await store().write(fifteen, { candles: makeCandles(from, 3 * FIVE_MIN, 2), covered: [] });

        await expect(admin().deleteSeries('RES', ['demo'], '5')).resolves.toBe(6);
        await expect(store().read(five, everything)).resolves.toEqual({
          candles: [],
          covered: [],
          expired: [],
        });
        expect((await store().read(d, everything)).candles).toHaveLength(3);
        await expect(admin().deleteSeries('RES', ['demo'], '1')).resolves.toBe(2);
        expect((await store().read(fifteen, everything)).candles).toHaveLength(2);
      });

      it('deletes a partition larger than one Query page', async () => {
        const s = { ticker: 'BIG', source: 'demo', resolution: '1' as const };
        const pad = 'x'.repeat(1_000);
        await seed(
          makeCandles(from, MINUTE, 1_200).map((c) => ({ ...CandleItemMapper.toItem(s, c), pad })),
        );
        counter.reset();
        await expect(admin().deleteSeries('BIG', ['demo'])).resolves.toBe(1_200);
        expect(counter.count('QueryCommand')).toBeGreaterThan(1);
        await expect(store().read(s, everything)).resolves.toEqual({
          candles: [],
          covered: [],
          expired: [],
        });
      });

      it('retries unprocessed deletes and reports those that stay unprocessed', async () => {
        await fill('UNPROC');
        const retried = new WithholdingClient(adapter, 2);
        await expect(admin(retried).deleteSeries('UNPROC', ['demo'], 'D')).resolves.toBe(4);
        // The 3 daily candles (one withheld, then retried alone); the coverage item after them.
        expect(retried.batchSizes).toEqual([3, 1]);

        await fill('STUCK');
        const stuck = admin(new WithholdingClient(adapter, 99)).deleteSeries('STUCK', ['demo']);
        await expect(stuck).rejects.toThrow(CacheStoreError);
        await expect(stuck).rejects.toThrow('1 deletes unprocessed after 4 attempts');
      });

      it('counts generations from 0, atomically, and keeps them through a deletion', async () => {
        const sut = admin();
        await expect(sut.generation('GEN')).resolves.toBe(0);
        await expect(sut.bumpGeneration('GEN')).resolves.toBe(1);
        const bumps = await Promise.all(Array.from({ length: 5 }, () => sut.bumpGeneration('GEN')));
        expect(bumps.sort()).toEqual([2, 3, 4, 5, 6]);
        await fill('GEN');
        await sut.deleteSeries('GEN', ['demo']);
        await expect(sut.generation('GEN')).resolves.toBe(6);
        expect(counter.names()).toEqual(
          expect.arrayContaining(['GetItemCommand', 'UpdateItemCommand']),
        );
      });
    });

    describe('inspection (DynamoDbL2Inspector)', () => {
      const inspector = () => new DynamoDbL2Inspector(adapter, table(), clock);
      const daily = Date.parse('2025-11-03T00:00:00Z');
      /** Four 5-minute candles (the last one expired) over two coverage segments, two daily ones. */
      const fill = async (ticker: string, source = 'demo') => {
        const five = { ticker, source, resolution: '5' as const };
        const [a, b, c, forming] = makeCandles(from, FIVE_MIN, 4);
        await store().write(five, {
          candles: [a, b, c, { ...forming, expiresAt: clock.now() - 1_000 }],
          covered: [
            { from, to: from + 2 * FIVE_MIN },
            { from: from + 2 * FIVE_MIN, to: from + 3 * FIVE_MIN },
          ],
        });
        await store().write(
          { ticker, source, resolution: 'D' },
          { candles: makeCandles(daily, DAY, 2), covered: [{ from: daily, to: daily + 2 * DAY }] },
        );
      };
      const summaries = (ticker: string, source = 'demo') => [
        {
          ticker,
          source,
          resolution: '5',
          candles: 3,
          oldest: from,
          newest: from + 2 * FIVE_MIN,
          covered: [{ from, to: from + 3 * FIVE_MIN }],
        },
        {
          ticker,
          source,
          resolution: 'D',
          candles: 2,
          oldest: daily,
          newest: daily + DAY,
          covered: [{ from: daily, to: daily + 2 * DAY }],
        },
      ];

      it("summarises a ticker's series per source from one Query each, leaving leases and generations out", async () => {
        await fill('INSP');
        await fill('INSP', 'other');
        await fill('INSPX');
        await seed([
          { PK: partitionKey({ ticker: 'INSP', source: 'demo' }), SK: leaseSortKey('5', from) },
          { ...generationKey('INSP'), generation: 3 },
        ]);
        counter.reset();

        await expect(inspector().seriesOf('INSP', ['demo', 'other'])).resolves.toEqual([
          ...summaries('INSP'),
          ...summaries('INSP', 'other'),
        ]);
        expect(counter.names()).toEqual(['QueryCommand']);
        expect(counter.count('QueryCommand')).toBe(2);
        await expect(inspector().seriesOf('NONE', ['demo'])).resolves.toEqual([]);
      });

      it('lists every series in the table with a paged Scan', async () => {
        await fill('SCANA');
        await fill('SCANB');
        const big = { ticker: 'SCANC', source: 'demo', resolution: '1' as const };
        const pad = 'x'.repeat(1_000);
        await seed(
          makeCandles(from, MINUTE, 1_200).map((c) => ({
            ...CandleItemMapper.toItem(big, c),
            pad,
          })),
        );
        counter.reset();

        const all = await inspector().allSeries();
        expect(counter.names()).toEqual(['ScanCommand']);
        expect(counter.count('ScanCommand')).toBeGreaterThan(1);
        expect(all.filter((s) => s.ticker.startsWith('SCAN'))).toEqual([
          ...summaries('SCANA'),
          ...summaries('SCANB'),
          {
            ...big,
            candles: 1_200,
            oldest: from,
            newest: from + 1_199 * MINUTE,
            covered: [],
          },
        ]);
      });
    });

    describe('a missing table', () => {
      const missing = () => new DynamoDbCandleStore(adapter, 'no-such-table', clock, NO_WAIT);

      it('fails a read with a CacheStoreError naming it', async () => {
        const read = missing().read(series, { from, to: from + FIVE_MIN });
        await expect(read).rejects.toThrow(CacheStoreError);
        await expect(read).rejects.toThrow(
          'L2 read failed: ResourceNotFoundException: table no-such-table does not exist',
        );
      });

      it('fails a write with a CacheStoreError naming it', async () => {
        const write = missing().write(series, {
          candles: makeCandles(from, FIVE_MIN, 1),
          covered: [{ from, to: from + FIVE_MIN }],
        });
        await expect(write).rejects.toThrow(CacheStoreError);
        await expect(write).rejects.toThrow(
          'L2 write failed: ResourceNotFoundException: table no-such-table does not exist',
        );
      });
    });
  });
}
