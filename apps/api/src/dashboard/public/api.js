// The page's requests (docs/api.md#dashboard): the session's key, the OHLC route, failures in
// words, and the panel that lists every request with its cache headers.

const KEY_STORAGE = 'ohlc-dashboard.api-key';
const REQUESTS_SHOWN = 12;

const $ = (id) => document.getElementById(id);

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** The headers of every API request: the session's key as a bearer token. */
export function authHeaders() {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** GETs the OHLC route with the session's key; logs it in the panel; resolves to the JSON body or throws an ApiError. */
export async function fetchOhlc(ticker, params, label, controller) {
  const url = `/api/v2/tickers/${encodeURIComponent(ticker)}/ohlc?${new URLSearchParams(params)}`;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      headers: authHeaders(),
      signal: controller.signal,
    });
    const body = await response.json().catch(() => null);
    logRequest(label, response, performance.now() - started);
    if (!response.ok) throw new ApiError(response, body);
    return body;
  } catch (error) {
    if (error instanceof TypeError) {
      logRequest(label, undefined, performance.now() - started);
      throw new ApiError(undefined, { detail: `the service did not answer (${error.message})` });
    }
    throw error;
  }
}

export class ApiError extends Error {
  constructor(response, body) {
    super(describeFailure(response, body));
    this.status = response?.status;
  }
}

/** An API error in words a person can act on (docs/api.md#errors). */
export function describeFailure(response, body) {
  const detail = body?.detail ?? response?.statusText ?? 'no answer';
  const retry = response?.headers.get('Retry-After');
  const later = retry ? ` Try again in ${retry} s.` : '';
  switch (response?.status) {
    case undefined:
      return `No answer: ${detail}.`;
    case 401:
      return `Not signed in (401): ${detail}. Enter a valid API key above.`;
    case 403:
      return `Not allowed (403): ${detail}.`;
    case 404:
      return `No data (404): ${detail}.`;
    case 429:
      return `Too many requests (429): ${detail}.${later}`;
    case 503:
      return `Upstream unavailable (503): ${detail}.${later}`;
    default:
      return `Request failed (${response.status}): ${detail}.`;
  }
}

export function logRequest(label, response, latencyMs, source) {
  const row = document.createElement('tr');
  source ??= response?.headers.get('X-Cache-Source') ?? '';
  if (!response?.ok) row.className = 'error';
  row.dataset.source = source;
  const cells = [
    [new Date().toTimeString().slice(0, 8)],
    [label],
    [response ? String(response.status) : '—', 'number'],
    [source || '—', `source-${source}`],
    [response?.headers.get('X-Cache-Age') ?? '—', 'number'],
    [`${Math.round(latencyMs)} ms`, 'number'],
  ];
  for (const [text, className] of cells) {
    const cell = row.insertCell();
    cell.textContent = text;
    if (className) cell.className = className;
  }
  const body = $('requests').tBodies[0];
  body.prepend(row);
  while (body.rows.length > REQUESTS_SHOWN) body.deleteRow(-1);
}
