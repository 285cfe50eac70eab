// An HTTP proxy on 127.0.0.1 between the API and a DynamoDB server that asks for
// `ReturnConsumedCapacity: TOTAL` on every call that takes it and sums the units
// each answer reports, by operation. Nothing else in a request or an answer is
// changed. The changed body no longer matches the SDK's SigV4 signature: only a
// server that does not check signatures (DynamoDB Local) accepts it.
import { createServer, request } from 'node:http';
import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import { URL } from 'node:url';

/** Operations that take `ReturnConsumedCapacity`; the rest (CreateTable, …) would reject it. */
const METERED = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);
const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** Whether an operation's units are write units (else read units). */
export const isWrite = (operation) => WRITES.has(operation);

/** `upstream`: the DynamoDB endpoint. Resolves with the proxy's endpoint, its tallies and stop. */
export async function startCapacityProxy(upstream) {
  const target = new URL(upstream);
  /** operation -> { requests, units, failed } */
  let tallies = {};
  let inFlight = 0;
  let lastWriteAt = 0;
  const tally = (operation) => (tallies[operation] ??= { requests: 0, units: 0, failed: 0 });

  const server = createServer(async (req, res) => {
    inFlight++;
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      let body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
      if (METERED.has(operation)) {
        const json = JSON.parse(body.toString());
        json.ReturnConsumedCapacity = 'TOTAL';
        body = Buffer.from(JSON.stringify(json));
      }
      const headers = { ...req.headers, 'content-length': String(body.length) };
      const upstreamRes = await new Promise((resolve, reject) => {
        const out = request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
          resolve,
        );
        out.once('error', reject);
        out.end(body);
      });
      const answer = [];
      for await (const chunk of upstreamRes) answer.push(chunk);
      const answerBody = Buffer.concat(answer);
      if (METERED.has(operation)) {
        const t = tally(operation);
        t.requests++;
        if (upstreamRes.statusCode === 200) {
          const consumed = JSON.parse(answerBody.toString()).ConsumedCapacity;
          for (const c of [consumed ?? []].flat()) t.units += c.CapacityUnits ?? 0;
        } else {
          t.failed++;
        }
        if (isWrite(operation)) lastWriteAt = performance.now();
      }
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      res.end(answerBody);
    } catch (error) {
      res.writeHead(502).end(String(error));
    } finally {
      inFlight--;
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    /** The tallies since the last `take`, and a fresh start. */
    take() {
      const taken = tallies;
      tallies = {};
      return taken;
    },
    /** Resolves once no call is in flight and no write has passed for `quietMs`. */
    async settled(quietMs = 500) {
      while (inFlight > 0 || performance.now() - lastWriteAt < quietMs) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
