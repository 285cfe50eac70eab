import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import dynalite from 'dynalite';

/** Longest wait at close for requests dynalite is still answering. */
const DRAIN_TIMEOUT_MS = 2_000;
const DRAIN_POLL_MS = 5;

/**
 * A DynamoDB-compatible server (dynalite) inside this process, so the API runs
 * with a real L2 and no cloud account. It listens on a free loopback port.
 */
export class EmbeddedDynamoDbServer {
  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>`, for a DynamoDB client's `endpoint`. */
    readonly endpoint: string,
    private readonly answering: () => number,
  ) {}

  /** @param path LevelDB directory that survives restarts; in memory when undefined. */
  static async start(path?: string): Promise<EmbeddedDynamoDbServer> {
    if (path) mkdirSync(path, { recursive: true });
    const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const answering = countAnswering(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new EmbeddedDynamoDbServer(server, `http://127.0.0.1:${port}`, answering);
  }

  /**
   * Lets the requests dynalite is answering finish first: its close shuts the
   * database once the sockets are gone, and an action still running then (a
   * write from a fill that outlived its request, say) throws "Database is
   * closed" out of dynalite's callback, which would end the whole process.
   */
  async close(): Promise<void> {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (this.answering() > 0 && Date.now() < deadline) await sleep(DRAIN_POLL_MS);
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

/**
 * Requests dynalite may still act on: received, not yet answered (it answers
 * with `end`, even on a closed socket), and not cut off before their body was
 * whole (those never reach an action).
 */
function countAnswering(server: Server): () => number {
  let answering = 0;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    answering++;
    let settled = false;
    const settle = () => {
      if (!settled) answering--;
      settled = true;
    };
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.end = ((...args: unknown[]) => {
      settle();
      return end(...args);
    }) as ServerResponse['end'];
    response.once('close', () => {
      if (!request.complete) settle();
    });
  });
  return () => answering;
}
