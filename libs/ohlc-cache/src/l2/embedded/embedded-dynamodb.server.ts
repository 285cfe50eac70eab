import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import dynalite from 'dynalite';

/**
 * A DynamoDB-compatible server (dynalite) inside this process, so the API runs
 * with a real L2 and no cloud account. It listens on a free loopback port.
 */
export class EmbeddedDynamoDbServer {
  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>`, for a DynamoDB client's `endpoint`. */
    readonly endpoint: string,
  ) {}

  /** @param path LevelDB directory that survives restarts; in memory when undefined. */
  static async start(path?: string): Promise<EmbeddedDynamoDbServer> {
    if (path) mkdirSync(path, { recursive: true });
    const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new EmbeddedDynamoDbServer(server, `http://127.0.0.1:${port}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}
