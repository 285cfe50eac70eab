import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/**
 * Lets a graceful shutdown finish. Closing the server waits for every
 * connection to end, and a keep-alive connection whose request was still
 * running when the shutdown began would stay open, idle, until the client
 * drops it: the answers sent from then on say `Connection: close` (the
 * pipeline asks `draining`), so each connection ends with its last answer.
 */
@Injectable()
export class ConnectionCloser implements BeforeApplicationShutdown {
  private closing = false;

  get draining(): boolean {
    return this.closing;
  }

  /** Runs before the HTTP server is closed (Nest's shutdown order). */
  beforeApplicationShutdown(): void {
    this.closing = true;
  }
}
