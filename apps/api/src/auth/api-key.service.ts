import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { sha256, type ApiKey } from './api-key-list';

/** Who sent a request, as far as its `Authorization` header tells. */
export type Caller =
  | { readonly kind: 'anonymous'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'key'; readonly key: Pick<ApiKey, 'name' | 'role'> };

/** A bearer token: RFC 6750's b64token characters, of a sane length. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,512}=*)$/i;

/** The raw request a caller is remembered on (Fastify's `request.raw`, or the request itself). */
type AnyRequest = { readonly headers: Record<string, string | string[] | undefined> };

/** Callers by request, so the guards and the handler's `@CallerName()` see one answer. */
const callers = new WeakMap<object, Caller>();

/** A key verified on a connection, and the header bytes that carried it. */
interface Verified {
  readonly header: Buffer;
  readonly caller: Caller;
}

/**
 * Checks `Authorization: Bearer <key>` against `API_KEYS`. Secrets are
 * compared as SHA-256 digests with `timingSafeEqual`, against every key
 * without stopping at a match, so timing reveals neither a secret nor which
 * key matched. Nothing here logs a secret.
 */
@Injectable()
export class ApiKeyService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  /** The last key verified on each connection (by its socket), for `authenticate`'s repeat. */
  private readonly verifiedOn = new WeakMap<object, Verified>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** No key is needed anywhere: none configured (loopback only), or authentication disabled. */
  get open(): boolean {
    return this.config.authDisabled || this.config.apiKeys.length === 0;
  }

  /** `/metrics` needs no key (`METRICS_PUBLIC`, default true). */
  get metricsPublic(): boolean {
    return this.config.metricsPublic;
  }

  /** The request's caller, worked out once per request (the throttler and the auth guard both ask). */
  identify(request: AnyRequest): Caller {
    let caller = callers.get(request);
    if (!caller) {
      caller = this.authenticate(request.headers.authorization);
      callers.set(request, caller);
    }
    return caller;
  }

  /** The caller `identify` found for this request, if it was asked. */
  static callerOf(request: object): Caller | undefined {
    return callers.get(request);
  }

  /** Remembers a caller `authenticate` found, as `identify` would have. */
  static remember(request: object, caller: Caller): void {
    callers.set(request, caller);
  }

  onApplicationBootstrap(): void {
    const { authDisabled, apiKeys, host } = this.config;
    if (authDisabled) {
      this.logger.warn(
        `AUTH_DISABLED=true: every route on ${host}, the admin ones included, is open to anyone ` +
          `who can reach it${apiKeys.length > 0 ? '; API_KEYS is ignored' : ''}.`,
      );
    } else if (apiKeys.length === 0) {
      this.logger.warn(
        `No API_KEYS: every route is open, allowed only because HOST=${host} is loopback. ` +
          'Set API_KEYS before exposing the service.',
      );
    } else {
      this.logger.log(`${apiKeys.length} API keys: ${apiKeys.map((k) => k.name).join(', ')}`);
    }
  }

  /**
   * The caller an `Authorization` header names, not remembered on the
   * request: for a path that asks once (the OHLC fast path), where a WeakMap
   * entry per request costs more than the check. With `connection`, a key
   * verified on it is not hashed again while the same header comes back (a
   * dashboard's keep-alive connection sends it with every request): the
   * header is compared in constant time with the one verified, since a proxy
   * may carry several clients' requests on one connection.
   */
  authenticate(header: string | string[] | undefined, connection?: object): Caller {
    if (connection === undefined || typeof header !== 'string') return this.check(header);
    const bytes = Buffer.from(header, 'utf8');
    const verified = this.verifiedOn.get(connection);
    if (verified?.header.length === bytes.length && timingSafeEqual(verified.header, bytes)) {
      return verified.caller;
    }
    const caller = this.check(header);
    if (caller.kind === 'key') this.verifiedOn.set(connection, { header: bytes, caller });
    return caller;
  }

  private check(header: string | string[] | undefined): Caller {
    if (header === undefined || header === '') {
      return {
        kind: 'anonymous',
        reason: 'Missing API key: send it as Authorization: Bearer <key>',
      };
    }
    if (Array.isArray(header)) {
      return { kind: 'rejected', reason: 'Send one Authorization header, not several' };
    }
    const match = BEARER.exec(header.trim());
    if (!match) {
      return /^bearer\b/i.test(header.trim())
        ? { kind: 'rejected', reason: 'Malformed Authorization header: expected Bearer <key>' }
        : { kind: 'rejected', reason: 'Authorization must use the Bearer scheme' };
    }
    const key = this.match(sha256(match[1]));
    return key
      ? { kind: 'key', key: { name: key.name, role: key.role } }
      : { kind: 'rejected', reason: 'Invalid API key' };
  }

  private match(digest: Buffer): ApiKey | undefined {
    let found: ApiKey | undefined;
    for (const key of this.config.apiKeys) {
      if (timingSafeEqual(key.digest, digest)) found ??= key;
    }
    return found;
  }
}
