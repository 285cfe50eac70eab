import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CacheStoreError } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { CommandCounter, makeCandles, startLocalDynamoDb, type LocalDynamoDb } from '../testing';
import { CandleItemMapper } from './candle-item.mapper';
import { DynamoDbCandleStore } from './dynamodb-candle.store';

const FIVE_MIN = 5 * 60_000;
const NO_WAIT = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

type Sender = Pick<DynamoDBDocumentClient, 'send'>;

/**
 * Neither dynalite nor DynamoDB Local ever returns UnprocessedItems, so this
 * wrapper withholds the last item of each BatchWrite for the first
 * `withheld` attempts and reports it back as unprocessed.
 */
class WithholdingClient implements Sender {
  batchSizes: number[] = [];
  constructor(
    private readonly real: DynamoDBDocumentClient,
    private withheld: number,
  ) {}

  send: Sender['send'] = ((command: unknown) => {
    if (!(command instanceof BatchWriteCommand) || this.withheld === 0) {
      return this.real.send(command as BatchWriteCommand);
    }
    this.withheld--;
    const [table, requests] = Object.entries(command.input.RequestItems ?? {})[0];
    this.batchSizes.push(requests.length);
    const kept = requests.slice(0, -1);
    const send = kept.length
      ? this.real.send(new BatchWriteCommand({ RequestItems: { [table]: kept } }))
      : Promise.resolve({});
    return send.then(() => ({ UnprocessedItems: { [table]: requests.slice(-1) } }));
  }) as Sender['send'];
}

describe(DynamoDbCandleStore.name, () => {
  let db: LocalDynamoDb;
  let counter: CommandCounter;
  const clock = new FixedClock('2025-12-01T00:00:00Z');
  const series = { ticker: 'AAPL', source: 'demo', resolution: '5' as const };
  const from = Date.parse('2025-11-03T14:30:00Z');

  beforeAll(async () => {
    db = await startLocalDynamoDb();
    counter = CommandCounter.attach(db.client);
  });
  afterAll(() => db.close());
  beforeEach(() => counter.reset());

  const store = (client: Sender = db.client) =>
    new DynamoDbCandleStore(client, db.tableName, clock, NO_WAIT);

  it('answers a miss with no candles and no coverage', async () => {
    const sut = store();
    await expect(
      sut.read({ ...series, ticker: 'NONE' }, { from, to: from + FIVE_MIN }),
    ).resolves.toEqual({
      candles: [],
      covered: [],
    });
  });

  it('writes in chunks of 25 and reads a sub-range back with one Query', async () => {
    const sut = store();
    const candles = makeCandles(from, FIVE_MIN, 60);
    await sut.write(series, { candles, covered: [{ from, to: from + 60 * FIVE_MIN }] });
    expect(counter.count('BatchWriteItemCommand')).toBe(3);

    counter.reset();
    const window = { from: from + 10 * FIVE_MIN, to: from + 34 * FIVE_MIN };
    const read = await sut.read(series, window);
    expect(read.candles.map((c) => c.start)).toEqual(candles.slice(10, 34).map((c) => c.start));
    expect(read.candles[0]).toEqual(candles[10]);
    expect(read.covered).toEqual([window]);
    expect(counter.count('QueryCommand')).toBe(1);
  });

  it('treats rewriting identical candles as harmless', async () => {
    const sut = store();
    const candles = makeCandles(from, FIVE_MIN, 3);
    const write = {
      candles: [...candles, ...candles],
      covered: [{ from, to: from + 3 * FIVE_MIN }],
    };
    await sut.write({ ...series, ticker: 'DUP' }, write);
    await sut.write({ ...series, ticker: 'DUP' }, write);
    const read = await sut.read({ ...series, ticker: 'DUP' }, { from, to: from + 3 * FIVE_MIN });
    expect(read.candles).toEqual(candles);
  });

  it('follows LastEvaluatedKey across pages', async () => {
    const sut = store();
    const s = { ticker: 'PAGE', source: 'demo', resolution: '1' as const };
    // A Query page holds at most 1 MB: 1 200 padded items need two pages.
    const candles = makeCandles(from, 60_000, 1_200);
    const pad = 'x'.repeat(1_000);
    for (let i = 0; i < candles.length; i += 25) {
      const items = candles.slice(i, i + 25).map((c) => ({
        PutRequest: { Item: { ...CandleItemMapper.toItem(s, c), pad } },
      }));
      await db.client.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: items } }));
    }
    counter.reset();
    const read = await sut.read(s, { from, to: from + 1_200 * 60_000 });
    expect(read.candles).toEqual(candles);
    expect(counter.count('QueryCommand')).toBeGreaterThan(1);
  });

  it('hides candles whose ttl has passed', async () => {
    const sut = store();
    const [closed, forming] = makeCandles(from, FIVE_MIN, 2);
    const expiresAt = clock.now() - 1_000;
    await sut.write(
      { ...series, ticker: 'TTL' },
      { candles: [closed, { ...forming, expiresAt }], covered: [] },
    );
    const read = await sut.read({ ...series, ticker: 'TTL' }, { from, to: from + 2 * FIVE_MIN });
    expect(read.candles).toEqual([closed]);
  });

  it('merges coverage written by separate fetches and across month buckets', async () => {
    const sut = store();
    const s = { ...series, ticker: 'COV' };
    const a = { from: Date.parse('2025-10-31T13:30:00Z'), to: Date.parse('2025-11-01T00:00:00Z') };
    const b = { from: a.to, to: Date.parse('2025-11-03T21:00:00Z') };
    await sut.write(s, { candles: [], covered: [a] });
    await sut.write(s, { candles: [], covered: [b] });
    const read = await sut.read(s, { from: a.from, to: b.to });
    expect(read.covered).toEqual([{ from: a.from, to: b.to }]);
  });

  it('retries UnprocessedItems with backoff until they are written', async () => {
    const client = new WithholdingClient(db.client, 2);
    const sut = store(client);
    const s = { ...series, ticker: 'RETRY' };
    const candles = makeCandles(from, FIVE_MIN, 30);
    await sut.write(s, { candles, covered: [] });
    // First chunk of 25 withheld 1 item, its retry (1 item) withheld again, then written.
    expect(client.batchSizes).toEqual([25, 1]);
    const read = await store().read(s, { from, to: from + 30 * FIVE_MIN });
    expect(read.candles).toHaveLength(30);
  });

  it('reports a write whose items stay unprocessed after every attempt', async () => {
    const client = new WithholdingClient(db.client, 99);
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
    await expect(store().read(s, { from, to: from + 2 * FIVE_MIN })).resolves.toMatchObject({
      covered: [],
    });
  });

  it('names a missing table in its error', async () => {
    const sut = new DynamoDbCandleStore(db.client, 'no-such-table', clock, NO_WAIT);
    await expect(sut.read(series, { from, to: from + FIVE_MIN })).rejects.toThrow(
      'L2 read failed: table no-such-table does not exist',
    );
  });
});
