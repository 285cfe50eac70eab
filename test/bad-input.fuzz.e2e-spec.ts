import { FixedClock } from '@app/market-hours/testing';
import { SeededRandom } from './support/seeded-random';
import { suiteTestApp } from './support/test-app';

/** Change the seed to explore other inputs; a failure names the seed and the request. */
const SEED = 0x0c0ffee;
const REQUESTS = 1_200;
const USER = 'fuzz-user-secret-0123456789';
const ADMIN = 'fuzz-admin-secret-0123456789';

interface FuzzRequest {
  readonly kind: string;
  readonly method: 'GET' | 'DELETE';
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Invalid by the contract: must be a 4xx and must not reach upstream. */
  readonly invalid: boolean;
}

const OHLC = '/api/v2/tickers';
const auth = { Authorization: `Bearer ${USER}` };

/** Ticker values no decoding can turn into a valid ticker. */
const BAD_TICKERS = [
  'AAP1',
  'ABCDEF',
  'BRK.BB',
  '.B',
  'A-B',
  '\u0410APL', // Cyrillic A
  '\uFF21\uFF21\uFF30\uFF2C', // fullwidth AAPL
  'AAPL\u200B', // zero-width space
  '\u0131bm', // dotless i, upper-cases to IBM
  'ga\u00DF', // sharp s, upper-cases to GASS
  '\uD83D\uDCC8', // chart emoji
  '\u0000',
  '..',
  '../etc/passwd',
  '..\\..\\windows',
  "AAPL' OR '1'='1",
  'AAPL;DROP TABLE x',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '%00',
  '%2e%2e%2f',
  'A%41',
];
/** Sent as they are: percent-encoding that decodes to nothing, or not to UTF-8. */
const RAW_TICKERS = ['%', '%E0%A4%A', '%ff%fe', '%C0%AF', '%uFF21', '%%41', '%c3', 'A%00PL'];
const BAD_RANGES = ['2W', '1w', '0M', '-1M', '1M,1W', "1M' OR 1=1", '1Y\u0000', '9999999999M'];
const BAD_RESOLUTIONS = [
  '2',
  '-1',
  '0',
  '5.0',
  '1e309',
  '0x5',
  'NaN',
  'Infinity',
  '99999999999999999999',
  'weekly',
  'constructor',
  '__proto__',
  '5m5',
  '1 h',
];
const BAD_DATES = [
  '2024-02-30',
  '2023-02-29',
  '2025-13-01',
  '2025-00-10',
  '0000-00-00',
  '9999-12-31',
  '1989-12-31',
  '2101-01-01',
  '2024-1-1',
  '20240101',
  '-2024-01-01',
  '2024-01-01T00:00:00Z',
  'yesterday',
  "2024-01-01'--",
  '２０２４-01-01',
];
const BAD_AUTH = [
  '',
  'Bearer',
  'Bearer ',
  'Bearer  ',
  'Basic dXNlcjpwYXNz',
  `bearer ${USER}x`,
  `Bearer ${USER} extra`,
  `Token ${USER}`,
  USER,
  `Bearer ${'A'.repeat(4_000)}`,
  'Bearer \u00ff\u00fe',
  `Bearer ${USER.slice(0, -1)}`,
  'Bearer null',
  'Bearer undefined',
  'Bearer =',
  'Bearer ../../etc',
];

/** Percent-encodes a value one of several ways, some of them tricks. */
function encode(random: SeededRandom, value: string): string {
  const once = encodeURIComponent(value);
  switch (random.int(0, 3)) {
    case 0:
      return once;
    case 1:
      return encodeURIComponent(once); // double encoding: decodes once to a literal %xx
    case 2:
      return once.replace(/[A-Za-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`); // letters too
    default:
      return once.replace(/%2F/g, '/'); // raw slashes: traversal in the path itself
  }
}

function query(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/** One generated request; `random` decides everything, so a seed replays the same run. */
function generate(random: SeededRandom): FuzzRequest {
  const get = (
    kind: string,
    path: string,
    headers: Record<string, string> = auth,
    invalid = true,
  ): FuzzRequest => ({
    kind,
    method: 'GET',
    path,
    headers,
    invalid,
  });
  switch (random.int(0, 11)) {
    case 0:
    case 1: {
      if (random.next() < 0.15) return get('ticker', `${OHLC}/${random.pick(RAW_TICKERS)}/ohlc`);
      const ticker =
        random.next() < 0.2 ? 'A'.repeat(random.int(6, 3_000)) : random.pick(BAD_TICKERS);
      return get('ticker', `${OHLC}/${encode(random, ticker)}/ohlc`);
    }
    case 2:
      return get('range', `${OHLC}/AAPL/ohlc?${query([['range', random.pick(BAD_RANGES)]])}`);
    case 3:
      return get(
        'resolution',
        `${OHLC}/AAPL/ohlc?${query([['resolution', random.pick(BAD_RESOLUTIONS)]])}`,
      );
    case 4: {
      const [start, end] = [
        random.pick(BAD_DATES),
        random.next() < 0.5 ? '2025-12-05' : random.pick(BAD_DATES),
      ];
      const pairs: [string, string][] =
        random.next() < 0.5
          ? [
              ['start_date', start],
              ['end_date', end],
            ]
          : [['end_date', start]];
      return get('date', `${OHLC}/AAPL/ohlc?${query(pairs)}`);
    }
    case 5: {
      // Out of order, or a start alone: valid dates, impossible windows.
      const pairs: [string, string][] =
        random.next() < 0.5
          ? [
              ['start_date', '2025-12-05'],
              ['end_date', `2025-11-${String(random.int(1, 30)).padStart(2, '0')}`],
            ]
          : [['start_date', '2025-11-03']];
      return get('window', `${OHLC}/AAPL/ohlc?${query(pairs)}`);
    }
    case 6: {
      // Arrays where scalars are expected: a parameter repeated.
      const name = random.pick(['range', 'resolution', 'start_date', 'end_date']);
      const value = {
        range: '1W',
        resolution: '5',
        start_date: '2025-11-03',
        end_date: '2025-12-05',
      }[name]!;
      const times = random.int(2, 5);
      return get(
        'repeated',
        `${OHLC}/AAPL/ohlc?${Array(times).fill(`${name}=${value}`).join('&')}`,
      );
    }
    case 7: {
      const count = random.int(21, 60);
      const pairs = Array.from({ length: count }, (_, i): [string, string] => [`p${i}`, 'x']);
      return get('parameters', `${OHLC}/AAPL/ohlc?${query(pairs)}`);
    }
    case 8: {
      const long = random.pick(['range', 'resolution', 'end_date', 'junk']);
      return get('long value', `${OHLC}/AAPL/ohlc?${long}=${'9'.repeat(random.int(2_100, 8_000))}`);
    }
    case 9: {
      const value = random.pick(BAD_AUTH);
      return get(
        'authorization',
        `${OHLC}/AAPL/ohlc`,
        value === '' ? {} : { Authorization: value },
      );
    }
    case 10: {
      // Oversized headers (Node's limit is 16 KiB), or many odd ones around a valid key.
      if (random.next() < 0.3) {
        return get('huge header', `${OHLC}/AAPL/ohlc`, {
          ...auth,
          'X-Pad': 'x'.repeat(random.int(17_000, 40_000)),
        });
      }
      const headers: Record<string, string> = {
        ...auth,
        'If-None-Match': random.pick(['*', 'W/"x"', '"', ',,,']),
        Origin: random.pick(['null', 'https://evil.example', 'file://']),
      };
      for (let i = 0; i < random.int(1, 50); i++)
        headers[`X-Junk-${i}`] = random.pick(['', '\t', '..', '%00', "' OR 1=1"]);
      return get('odd headers', `${OHLC}/AAPL/ohlc`, headers, false);
    }
    default: {
      const choice = random.int(0, 2);
      const ticker = choice === 1 ? encode(random, random.pick(BAD_TICKERS)) : 'AAPL';
      const suffix =
        choice === 2 ? `?${query([['resolution', random.pick(BAD_RESOLUTIONS)]])}` : '';
      return {
        kind: 'admin',
        method: 'DELETE',
        path: `/api/v2/admin/cache/${ticker}${suffix}`,
        headers: { Authorization: `Bearer ${choice === 0 ? USER : ADMIN}` },
        invalid: true,
      };
    }
  }
}

/** docs/api.md#errors under a deterministic flood of bad input, against the running app and a real L2. */
describe(`Bad-input fuzz (e2e, seed ${SEED})`, () => {
  const sut = suiteTestApp({
    clock: new FixedClock('2025-12-06T15:00:00Z'),
    env: {
      API_KEYS: `fuzz:user:${USER},fuzzadmin:admin:${ADMIN}`,
      RATE_LIMIT_PER_MINUTE: String(10 * REQUESTS),
    },
  });

  beforeAll(async () => {
    // One valid request first, so that valid-looking ones later are answered from memory.
    await sut.get(`${OHLC}/AAPL/ohlc`, auth).expect(200);
  });

  it(`answers ${REQUESTS} generated requests without a 5xx, each error in the body shape, none upstream`, async () => {
    const random = new SeededRandom(SEED);
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    const statuses = new Map<number, number>();
    const started = Date.now();
    for (let i = 0; i < REQUESTS; i++) {
      const fuzz = generate(random);
      kinds.set(fuzz.kind, (kinds.get(fuzz.kind) ?? 0) + 1);
      const calls = sut.provider.calls.length;
      const req =
        fuzz.method === 'GET'
          ? sut.get(fuzz.path, fuzz.headers)
          : sut.delete(fuzz.path, fuzz.headers);
      const res = await req.ok(() => true);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const problems = [
        res.status >= 500 && `status ${res.status}`,
        fuzz.invalid &&
          (res.status < 400 || res.status >= 500) &&
          `status ${res.status} for invalid input`,
        res.status >= 400 &&
          !(
            typeof res.body?.detail === 'string' &&
            typeof res.body?.code === 'string' &&
            res.body?.message === res.body?.detail
          ) &&
          `error body ${res.text.slice(0, 120)}`,
        fuzz.invalid && sut.provider.calls.length > calls && 'reached upstream',
      ].filter(Boolean);
      if (problems.length > 0) {
        failures.push(
          `#${i} ${fuzz.kind} ${fuzz.method} ${fuzz.path.slice(0, 120)}: ${problems.join(', ')}`,
        );
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `fuzz seed ${SEED}: ${REQUESTS} requests in ${seconds.toFixed(1)} s`,
      Object.fromEntries(kinds),
      Object.fromEntries(statuses),
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(kinds.size).toBe(12);
  }, 60_000);
});
