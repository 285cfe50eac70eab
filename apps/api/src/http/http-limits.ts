import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import { codeForStatus, errorBody, type ErrorBody } from '../common/error-code';
import type { StrayRefusal } from './pipeline-stages';
import { securityHeaderValues } from './security-headers';

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

/**
 * No route takes a request body, so one announced (`Content-Length` above 0,
 * or any `Transfer-Encoding`) is refused before a byte of it is read, and the
 * connection closed: a body sent one byte at a time cannot hold it open.
 */
export function refuseRequestBodies(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  if (!announcesBody(request)) {
    done();
    return;
  }
  void reply
    .code(413)
    .header('connection', 'close')
    .send(errorBody('REQUEST_BODY_REFUSED', 'This API takes no request body'));
}

function announcesBody(request: FastifyRequest): boolean {
  const { headers } = request.raw;
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Every error leaves in the contract's shape, with the request id and the
 * security headers, whoever answered it: Fastify's CORS plugin refuses a bare
 * preflight in text before the app's own hooks run.
 */
export const errorsInContract: onSendHookHandler = (request, reply, payload, done) => {
  // A body the app never reads (CORS answers a preflight before refuseRequestBodies can refuse
  // it) must not keep the connection open while it trickles in.
  if (announcesBody(request)) void reply.header('connection', 'close');
  const status = reply.statusCode;
  if (status < 400) {
    done(null, payload);
    return;
  }
  if (!reply.hasHeader('x-request-id')) void reply.header('X-Request-Id', request.id);
  void reply.headers(securityHeaderValues());
  if (String(reply.getHeader('content-type')).startsWith('application/json')) {
    done(null, payload);
    return;
  }
  const text = typeof payload === 'string' && payload.length > 0 ? payload : STATUS_CODES[status];
  void reply.header('content-type', 'application/json; charset=utf-8');
  done(null, JSON.stringify(errorBody(codeForStatus(status), text ?? 'Request refused')));
};

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

/**
 * Fastify's router errors (a URL it cannot decode, an over-long path
 * parameter), in the error body. Fastify answers them before any hook runs,
 * so the headers every answer carries are set here, and the refusal is counted
 * against the caller (`stray`, the 429 to send instead when over its limit).
 */
export function frameworkErrors(
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
  stray?: (status: number) => StrayRefusal | undefined | Promise<StrayRefusal | undefined>,
): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : 400;
  const send = (refusal: StrayRefusal | undefined) =>
    reply
      .code(refusal ? 429 : status)
      .headers({ ...securityHeaderValues(), 'x-request-id': request.id, ...refusal?.headers })
      .send(
        refusal?.body ??
          (tooLong
            ? errorBody(
                'URI_TOO_LONG',
                `A path segment is longer than ${MAX_PARAM_LENGTH} characters`,
              )
            : errorBody('BAD_REQUEST', 'The URL is not validly percent-encoded')),
      );
  const refusal = stray?.(status);
  if (refusal instanceof Promise) {
    refusal.then(send, () => send(undefined));
  } else void send(refusal);
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
        ? [408, errorBody('REQUEST_TIMEOUT', 'The request was not received in time')]
        : [400, errorBody('BAD_REQUEST', 'Malformed HTTP request')];
  const json = JSON.stringify(body);
  // No request was parsed, so no id was given; a fresh one still lets a log line be quoted.
  const headers = { ...securityHeaderValues(), 'x-request-id': randomUUID() };
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
        Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('') +
        `Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}
