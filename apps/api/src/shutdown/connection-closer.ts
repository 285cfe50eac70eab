import { Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Lets a graceful shutdown finish. Closing the server waits for every
 * connection to end, and a keep-alive connection whose request was still
 * running when the shutdown began would stay open, idle, until the client
 * drops it: the answers sent from then on say `Connection: close`, so each
 * connection ends with its last answer.
 */
@Injectable()
export class ConnectionCloser implements OnModuleInit, BeforeApplicationShutdown {
  private closing = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.closing) void reply.header('Connection', 'close');
      done(null, payload);
    });
  }

  /** Runs before the HTTP server is closed (Nest's shutdown order). */
  beforeApplicationShutdown(): void {
    this.closing = true;
  }
}
