import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SseStream } from './sse-stream';

/** Bytes a stream may hold for its client here: small, so the test needs little data. */
const BOUND = 16 * 1024;
/** One event's payload; `EVENTS` of them are far more than the sockets' own buffers hold. */
const PAYLOAD = 'x'.repeat(4 * 1024);
const EVENTS = 4_000;

/** Resolves once `done()` holds; a deadline only so that a failure ends the test. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 20_000) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe(SseStream.name, () => {
  let server: Server;
  let streams: { sut: SseStream; dropped: number }[];

  beforeEach(async () => {
    streams = [];
    server = createServer((_req, res) => {
      const entry = { sut: undefined as unknown as SseStream, dropped: 0 };
      entry.sut = new SseStream(res, BOUND, () => entry.dropped++);
      entry.sut.start({}, 60_000);
      // The headers go out with the first event, as the stream's opening events do in the app.
      entry.sut.send({ event: 'market', data: { state: 'open' } });
      streams.push(entry);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });

  afterEach(async () => {
    for (const { sut } of streams) sut.end();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  /** A client of the stream; `reading: false` leaves its socket paused after the headers. */
  async function connect(
    reading: boolean,
  ): Promise<{ res: IncomingMessage; received: () => number }> {
    const { port } = server.address() as AddressInfo;
    const req = request({ host: '127.0.0.1', port, path: '/' });
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    let received = 0;
    if (reading) res.on('data', (chunk: Buffer) => (received += chunk.length));
    else res.pause();
    res.on('error', () => undefined);
    return { res, received: () => received };
  }

  /** Sends `count` events to every open stream, a macrotask apart so sockets can drain. */
  async function sendToAll(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      for (const { sut } of streams) sut.send({ event: 'candle', id: String(i), data: PAYLOAD });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('cuts off a client that stops reading once more than its bound waits, and tells so once', async () => {
    const stalled = await connect(false);
    const reader = await connect(true);
    const [forStalled, forReader] = streams;

    await sendToAll(EVENTS);

    expect(forStalled?.dropped).toBe(1);
    expect(forStalled?.sut.open).toBe(false);
    // Reading again, the stalled client finds its connection cut, not an ended stream.
    // (Not events.once: the 'aborted' error the cut brings would reject it.)
    const closed = new Promise((resolve) => stalled.res.on('close', resolve));
    stalled.res.resume();
    await closed;
    expect(stalled.res.complete).toBe(false);
    // The reader got everything and stays open.
    expect(forReader?.dropped).toBe(0);
    expect(forReader?.sut.open).toBe(true);
    await until(() => reader.received() >= EVENTS * PAYLOAD.length);
  });

  it('writes nothing more to a stream it ended, and ends it with the last event', async () => {
    const reader = await connect(true);
    const [entry] = streams;
    const ended = once(reader.res, 'end');
    entry?.sut.end({ event: 'shutdown', data: { reason: 'closing' } });
    entry?.sut.send({ event: 'candle', data: PAYLOAD });
    await ended;
    expect(reader.received()).toBeLessThan(PAYLOAD.length);
    expect(entry?.dropped).toBe(0);
  });
});
