import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

/** Counts every answered request, from a Fastify `onResponse` hook. */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly sources: Counter<'source'>;

  constructor(
    { registry }: MetricsRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'Answered HTTP requests by method, route pattern (unmatched: no route) and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.sources = new Counter({
      name: 'ohlc_responses_total',
      help: 'Answers of the OHLC endpoint by X-Cache-Source (the layer that answered)',
      labelNames: ['source'],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      // The route pattern, never the raw path: a label per ticker would grow without bound.
      const route = request.routeOptions.url ?? 'unmatched';
      this.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      const source = reply.getHeader('x-cache-source');
      if (typeof source === 'string') this.sources.inc({ source });
      done();
    });
  }
}
