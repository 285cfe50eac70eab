import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, type ErrorBody } from './error-code';

/** Longest request target (path and query) served, in characters; longer is a 414. */
export const MAX_URL_LENGTH = 2_048;
/** Most query parameters one request may carry; more is a 400. */
export const MAX_QUERY_PARAMETERS = 20;
/**
 * Longest path parameter the router matches, in characters. A bad ticker of
 * any length up to it reaches the ticker pipe (a 400 naming it); Fastify's
 * default, 100, would answer longer ones 404.
 */
export const MAX_PARAM_LENGTH = 1_000;

/** Rejects over-long URLs and parameter floods before any routing or parsing work. */
export function checkRequestLimits(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  const url = request.raw.url ?? '';
  if (url.length > MAX_URL_LENGTH) {
    void reply
      .code(414)
      .send(errorBody('URI_TOO_LONG', `URL longer than ${MAX_URL_LENGTH} characters`));
    return;
  }
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const parameters = query.split('&').filter(Boolean).length;
  if (parameters > MAX_QUERY_PARAMETERS) {
    void reply
      .code(400)
      .send(
        errorBody(
          'TOO_MANY_PARAMETERS',
          `${parameters} query parameters; at most ${MAX_QUERY_PARAMETERS} are accepted`,
        ),
      );
    return;
  }
  done();
}

/** Fastify's router errors (a URL it cannot decode, an over-long path parameter), in the error body. */
export function frameworkErrors(
  error: Error & { code?: string },
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply
    .code(tooLong ? 414 : 400)
    .send(
      tooLong
        ? errorBody('URI_TOO_LONG', `A path segment is longer than ${MAX_PARAM_LENGTH} characters`)
        : errorBody('BAD_REQUEST', 'The URL is not validly percent-encoded'),
    );
}

/**
 * Requests Node's parser refuses (headers over its 16 KiB limit, malformed
 * request lines) never reach Fastify; they too get the error body.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body]: [number, ErrorBody] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, errorBody('HEADERS_TOO_LARGE', 'Request headers are larger than 16 KiB')]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, errorBody('BAD_REQUEST', 'The request was not received in time')]
        : [400, errorBody('BAD_REQUEST', 'Malformed HTTP request')];
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}
