// `node test/support/lambda/lambda-host.cjs <handler module>`: plays Lambda's
// Node.js runtime for one execution environment. It loads the module (which
// starts building its app, as in Lambda's init phase), then, for each IPC
// message `{ id, request, timeoutMs }`, builds the payload format 2.0 event an
// API Gateway HTTP API (`kind: 'http-api'`) or a function URL
// (`kind: 'function-url'`) sends for `request`, from the documented examples
// beside this file, calls `handler(event, context)` and answers
// `{ id, ms, response }` (ms: the handler's own time) or `{ id, error }`.
// Standard output stays the app's: its log lines, as Lambda would ship them.
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { resolve } = require('node:path');

const TEMPLATES = {
  'http-api': require('./http-api-event.json'),
  'function-url': require('./function-url-event.json'),
};

/** @param request {{ kind: string, method?: string, path: string, query?: string, headers?: Record<string, string> }} */
function eventFor({ kind, method = 'GET', path, query = '', headers = {} }) {
  const event = structuredClone(TEMPLATES[kind]);
  if (!event) throw new Error(`Unknown event kind ${kind}`);
  event.rawPath = path;
  event.rawQueryString = query;
  // Decoded, and repeated names joined with commas, as both services do.
  const parameters = {};
  for (const [name, value] of new URLSearchParams(query)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  if (Object.keys(parameters).length > 0) event.queryStringParameters = parameters;
  else delete event.queryStringParameters;
  delete event.cookies;
  for (const [name, value] of Object.entries(headers)) event.headers[name.toLowerCase()] = value;
  const now = Date.now();
  Object.assign(event.requestContext, {
    requestId: randomUUID(),
    time: new Date(now).toUTCString(),
    timeEpoch: now,
  });
  Object.assign(event.requestContext.http, { method, path });
  return event;
}

/** The fields of Lambda's context object the Node.js runtime passes. */
function contextFor(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const awsRequestId = randomUUID();
  return {
    awsRequestId,
    functionName: 'ohlc-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ohlc-api',
    memoryLimitInMB: '1024',
    logGroupName: '/aws/lambda/ohlc-api',
    logStreamName: `host/${process.pid}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

const { handler } = require(resolve(process.argv[2]));

process.on('message', async ({ id, request, timeoutMs = 30_000 }) => {
  try {
    const event = eventFor(request);
    const context = contextFor(timeoutMs);
    const t0 = performance.now();
    const response = await handler(event, context);
    process.send({ id, ms: performance.now() - t0, response });
  } catch (error) {
    process.send({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
process.send({ ready: true });
