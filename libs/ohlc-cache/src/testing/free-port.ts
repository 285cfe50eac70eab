import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port free right now, for a server a test starts (and may start
 * again on the same port). It is probed and released, so another process
 * may take it first: a caller that can retry on another port should.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
