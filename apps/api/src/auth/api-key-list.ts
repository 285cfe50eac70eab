import { createHash } from 'node:crypto';

export const API_KEY_ROLES = ['user', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** One configured API key. Only the SHA-256 of its secret is kept, whichever way it was written. */
export interface ApiKey {
  /** Appears in logs and as the throttling client; never secret. */
  readonly name: string;
  readonly role: ApiKeyRole;
  /** SHA-256 of the secret, 32 bytes. */
  readonly digest: Buffer;
}

/** Shortest plain secret accepted: anything shorter is guessable within the rate limit. */
export const MIN_SECRET_LENGTH = 16;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const HASHED = /^sha256:([0-9a-fA-F]{64})$/;

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * `API_KEYS`: comma-separated `name:role:secret`, a secret written
 * `sha256:<hex>` being the hash of the real one. Errors name the entry by its
 * position only: an entry written as a bare secret would put the secret where
 * the name goes, so no part of an entry's text is ever repeated.
 */
export function parseApiKeys(raw: string | undefined): ApiKey[] {
  const entries = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const keys = entries.map((entry, i) => {
    const [name = '', role = '', ...rest] = entry.split(':');
    const secret = rest.join(':');
    const where = `API_KEYS entry ${i + 1}`;
    if (!NAME.test(name)) {
      throw new Error(`${where}: the name must be 1-64 letters, digits, ".", "_" or "-"`);
    }
    if (!(API_KEY_ROLES as readonly string[]).includes(role)) {
      throw new Error(`${where}: the role must be one of ${API_KEY_ROLES.join(', ')}`);
    }
    const hashed = HASHED.exec(secret);
    if (!hashed && secret.startsWith('sha256:')) {
      throw new Error(`${where}: a hashed secret is sha256: and 64 hex digits`);
    }
    if (!hashed && secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`${where}: the secret must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    const digest = hashed ? Buffer.from(hashed[1], 'hex') : sha256(secret);
    return { name, role: role as ApiKeyRole, digest };
  });
  const names = keys.map((k) => k.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) {
    const positions = names.flatMap((name, i) => (name === twice ? [i + 1] : []));
    throw new Error(`API_KEYS entries ${positions.join(' and ')} have the same name`);
  }
  return keys;
}
