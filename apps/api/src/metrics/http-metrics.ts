import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import type { RequestObserver } from '../http/pipeline-stages';
import { MetricsRegistry } from './metrics-registry';

/** Counts every answered request, from the pipeline's `onResponse` hook. */
@Injectable()
export class HttpMetrics implements RequestObserver {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly sources: Counter<'source'>;

  constructor({ registry }: MetricsRegistry) {
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

  answered(request: FastifyRequest, reply: FastifyReply): void {
    // The route pattern, never the raw path: a label per ticker would grow without bound.
    const route = request.routeOptions.url ?? 'unmatched';
    this.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    const source = reply.getHeader('x-cache-source');
    if (typeof source === 'string') this.sources.inc({ source });
  }
}
