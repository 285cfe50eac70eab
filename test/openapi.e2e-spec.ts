import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { Response } from 'supertest';
import {
  ProviderUnavailableError,
  type Candle,
  type Interval,
  type Resolution,
} from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { DemoProvider, type OhlcProvider } from '@app/market-data';
import { nyseHours } from './support/nyse';
import { suiteTestApp } from './support/test-app';

const OHLC = '/api/v2/tickers/{ticker}/ohlc';
const ADMIN = '/api/v2/admin/cache/{ticker}';
const USER = 'user-secret-0123456789';
const ADMIN_KEY = 'admin-secret-0123456789';
const BURST = 'burst-secret-0123456789';
const LIMIT = 30;

interface Operation {
  parameters: { name: string; in: string }[];
  responses: Record<
    string,
    {
      content?: Record<string, { schema: object }>;
      headers?: Record<string, { required?: boolean; schema: object }>;
    }
  >;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
  [key: string]: unknown;
}

/** The demo provider, except that `DOWN` is unreachable. */
class DownForOneTicker implements OhlcProvider {
  readonly name = 'demo';
  constructor(private readonly inner: OhlcProvider) {}
  get resolutions(): readonly Resolution[] {
    return this.inner.resolutions;
  }
  fetchCandles(ticker: string, resolution: Resolution, range: Interval): Promise<Candle[]> {
    if (ticker === 'DOWN') {
      return Promise.reject(new ProviderUnavailableError('demo', 'connection refused'));
    }
    return this.inner.fetchCandles(ticker, resolution, range);
  }
}

/** Backticked names in the first column of the tables under a docs/api.md heading (header rows aside). */
function documented(heading: string): string[] {
  const api = readFileSync(join(__dirname, '../docs/api.md'), 'utf8');
  const section = api.split(`\n${heading}\n`)[1].split('\n#')[0];
  const lines = section.split('\n');
  return lines
    .filter((line, i) => /^\| `/.test(line) && !/^\| -/.test(lines[i + 1] ?? ''))
    .map((line) => /`([^`]+)`/.exec(line)![1]);
}

/** The OpenAPI document against real responses (docs/api.md#openapi). */
describe('OpenAPI document (e2e)', () => {
  const clock = new FixedClock('2025-12-06T15:00:00Z');
  const sut = suiteTestApp({
    clock,
    provider: new DownForOneTicker(new DemoProvider(nyseHours(clock), { latencyMs: 0 })),
    env: {
      API_KEYS: `dashboard:user:${USER},ops:admin:${ADMIN_KEY},burst:user:${BURST}`,
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
    },
  });
  let doc: OpenApiDocument;
  const ajv = new Ajv({ strict: false, allErrors: true });

  beforeAll(async () => {
    doc = (await sut.get('/docs-json').expect(200)).body;
  });

  const as = (secret: string) => ({ Authorization: `Bearer ${secret}` });

  /** Checks a real response's body and headers against what the document publishes for it. */
  function expectConforms(path: string, method: string, res: Response): void {
    const published = doc.paths[path]?.[method]?.responses[String(res.status)];
    expect({ path, method, status: res.status, published: published !== undefined }).toEqual({
      path,
      method,
      status: res.status,
      published: true,
    });
    const schema = published.content?.['application/json']?.schema;
    expect(schema).toBeDefined();
    const validate = ajv.compile({ components: doc.components, allOf: [schema] });
    expect({ status: res.status, errors: validate(res.body) ? null : validate.errors }).toEqual({
      status: res.status,
      errors: null,
    });
    for (const [name, header] of Object.entries(published.headers ?? {})) {
      const value = res.headers[name.toLowerCase()] as string | undefined;
      if (header.required) expect({ [name]: value }).toEqual({ [name]: expect.any(String) });
      if (value !== undefined) {
        const check = ajv.compile(header.schema);
        expect({ [name]: value, valid: check(value) }).toEqual({ [name]: value, valid: true });
      }
    }
  }

  it('serves the Swagger UI and a bearer scheme', async () => {
    const ui = await sut.get('/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components).toMatchObject({
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    });
    expect(doc.paths[OHLC].get).toMatchObject({ security: [{ bearer: [] }] });
  });

  it('publishes what docs/api.md lists: parameters, response fields, X-Cache headers, codes', () => {
    const get = doc.paths[OHLC].get;
    const query = get.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    expect(query.sort()).toEqual(documented('## Parameters').sort());

    const fields = Object.keys(doc.components.schemas.OhlcResponseDto.properties);
    const topLevel = documented('## Response body').filter((f) => !f.includes('.'));
    expect(fields.sort()).toEqual(topLevel.sort());

    const headers = Object.keys(get.responses['200'].headers ?? {});
    const api = readFileSync(join(__dirname, '../docs/api.md'), 'utf8');
    const section = api.split('\n## Response headers\n')[1].split('\n## ')[0];
    const listed = [...section.matchAll(/^- `(X-Cache-[A-Za-z-]+)/gm)].map((m) => m[1]);
    expect(headers.sort()).toEqual(listed.sort());

    const codes = doc.components.schemas.ErrorBodyDto.properties.code.enum ?? [];
    expect([...codes].sort()).toEqual(documented('### Error codes').sort());
  });

  it('describes the 200s', async () => {
    const ohlc = await sut.get('/api/v2/tickers/AAPL/ohlc', as(USER)).expect(200);
    expectConforms(OHLC, 'get', ohlc);
    const intraday = await sut
      .get('/api/v2/tickers/AAPL/ohlc?resolution=5&range=1W', as(USER))
      .expect(200);
    expectConforms(OHLC, 'get', intraday);
    const admin = await sut.delete('/api/v2/admin/cache/AAPL', as(ADMIN_KEY)).expect(200);
    expectConforms(ADMIN, 'delete', admin);
    const health = await sut.get('/health/live').expect(200);
    expectConforms('/health/live', 'get', health);
  });

  it.each([
    ['a bad ticker', 'get', '/api/v2/tickers/AAP1/ohlc', USER, 400],
    ['a bad date', 'get', '/api/v2/tickers/AAPL/ohlc?end_date=2024-02-30', USER, 400],
    ['no key', 'get', '/api/v2/tickers/AAPL/ohlc', undefined, 401],
    [
      'a holiday',
      'get',
      '/api/v2/tickers/AAPL/ohlc?start_date=2025-11-27&end_date=2025-11-27',
      USER,
      404,
    ],
    ['a long URL', 'get', `/api/v2/tickers/AAPL/ohlc?pad=${'x'.repeat(2_100)}`, USER, 414],
    ['an unknown resolution', 'get', '/api/v2/tickers/AAPL/ohlc?resolution=2', USER, 422],
    ['an unreachable upstream', 'get', '/api/v2/tickers/DOWN/ohlc', USER, 503],
    ['a user key', 'delete', '/api/v2/admin/cache/AAPL', USER, 403],
    ['an admin bad ticker', 'delete', '/api/v2/admin/cache/A1', ADMIN_KEY, 400],
    [
      'an admin unknown resolution',
      'delete',
      '/api/v2/admin/cache/AAPL?resolution=7',
      ADMIN_KEY,
      422,
    ],
  ] as const)('describes the error for %s', async (_name, method, url, secret, status) => {
    const headers = secret ? as(secret) : {};
    const res = await sut[method](url, headers).expect(status);
    expectConforms(method === 'get' ? OHLC : ADMIN, method, res);
  });

  it('describes the 429', async () => {
    let res: Response | undefined;
    for (let i = 0; i <= LIMIT && res?.status !== 429; i++) {
      res = await sut.get('/api/v2/tickers/AAP1/ohlc', as(BURST));
    }
    expect(res?.status).toBe(429);
    expectConforms(OHLC, 'get', res!);
  });
});
