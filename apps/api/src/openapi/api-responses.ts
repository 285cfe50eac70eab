import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type HeadersObject } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto';

const RETRY_AFTER: HeadersObject = {
  'Retry-After': {
    description: 'Whole seconds (at least 1) until a retry may succeed.',
    schema: { type: 'string', pattern: '^[1-9][0-9]*$' },
  },
};

/** `X-Cache-*` (docs/api.md#response-headers): on every 200 and 404 of the OHLC endpoint. */
export const CACHE_HEADER_DOCS: HeadersObject = {
  'X-Cache-Source': {
    description: 'Which layer answered.',
    required: true,
    schema: {
      type: 'string',
      enum: ['in-memory', 'persistent-cache', 'live-api', 'live-api-degraded'],
    },
  },
  'X-Cache-Age': {
    description: 'Whole seconds since the oldest served candle was fetched from upstream.',
    required: true,
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
  'X-Cache-Error': {
    description: 'The L2 read failure (at most 200 characters), when that read failed.',
    schema: { type: 'string', maxLength: 200 },
  },
  'X-Cache-Write-Error': {
    description: 'The write-through to L2 failed; the data is still served.',
    schema: { type: 'string', enum: ['true'] },
  },
  'X-Cache-Partial': {
    description: 'Upstream failed: only the cached part of the window is served.',
    schema: { type: 'string', enum: ['true'] },
  },
};

const WHEN: Readonly<Record<number, string>> = {
  400: 'Malformed input: ticker, range, dates, too many parameters (code names which).',
  401: 'No API key, another scheme than Bearer, or an unknown key (`UNAUTHORIZED`).',
  403: 'The key lacks the role the route needs (`FORBIDDEN`).',
  404: 'Nothing to serve (`NO_DATA`), or no such route (`NOT_FOUND`).',
  414: 'URL longer than 2048 characters (`URI_TOO_LONG`).',
  422: 'Unknown resolution (`UNKNOWN_RESOLUTION`).',
  429: 'This client is over its per-minute limit (`RATE_LIMITED`), or its open streams (`TOO_MANY_STREAMS`).',
  500: 'A fault in the service itself (`INTERNAL_ERROR`).',
  501: 'This deployment cannot stream (`STREAMING_UNSUPPORTED`: the Lambda entry point).',
  503: 'Upstream or L2 needed and unavailable (`UPSTREAM_*`, `CACHE_UNAVAILABLE`).',
};

const HEADERS: Readonly<Record<number, HeadersObject>> = {
  401: { 'WWW-Authenticate': { description: '`Bearer`.', schema: { type: 'string' } } },
  404: CACHE_HEADER_DOCS,
  429: RETRY_AFTER,
  503: RETRY_AFTER,
};

/** The error responses of a route, each with the error body and the headers it carries. */
export const ApiErrorResponses = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: WHEN[status],
        type: ErrorBodyDto,
        headers: HEADERS[status],
      }),
    ),
  );
