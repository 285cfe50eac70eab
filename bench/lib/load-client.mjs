// Load generator in its own process, so it never shares a CPU queue with the
// server it measures. Two modes, chosen by the JSON job in argv[2]:
//   latency:    one keep-alive connection, requests one after another, each
//               timed with hrtime (autocannon's histogram has 1 ms buckets,
//               too coarse for sub-millisecond answers);
//   throughput: autocannon with `connections` connections for `seconds`.
// Prints one JSON line with the result and exits.
import http from 'node:http';
import { createRequire } from 'node:module';

const job = JSON.parse(process.argv[2]);
const require = createRequire(import.meta.url);

async function latency({ url, headers, seconds, maxRequests }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const req = http.get(url, { agent, headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () =>
          resolve({
            us: Number(process.hrtime.bigint() - t0) / 1000,
            status: res.statusCode,
            bytes,
          }),
        );
      });
      req.on('error', reject);
    });
  const samples = [];
  const statuses = {};
  let bytes = 0;
  const deadline = Date.now() + seconds * 1000;
  // A short warm-up so the first connection and JIT do not count.
  for (let i = 0; i < 50; i++) await once();
  while (Date.now() < deadline && samples.length < maxRequests) {
    const r = await once();
    samples.push(r.us);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    bytes = r.bytes;
  }
  agent.destroy();
  samples.sort((a, b) => a - b);
  const at = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { requests: samples.length, p50us: at(0.5), p99us: at(0.99), statuses, bytes };
}

async function throughput({ url, headers, seconds, connections }) {
  const autocannon = require('autocannon');
  const result = await autocannon({ url, headers, connections, duration: seconds });
  return {
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p99ms: result.latency.p99,
  };
}

const run = job.mode === 'latency' ? latency : throughput;
process.stdout.write(JSON.stringify(await run(job)) + '\n');
