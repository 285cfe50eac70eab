import { createHash } from 'node:crypto';
import { parseApiKeys, sha256 } from './api-key-list';

describe(parseApiKeys.name, () => {
  const secret = 'a-secret-of-24-characters';

  it('reads name:role:secret entries, keeping only the digest of each secret', () => {
    const hash = createHash('sha256').update('the-admin-secret-value').digest('hex');
    const sut = parseApiKeys(` dashboard:user:${secret} , ops:admin:sha256:${hash.toUpperCase()}`);
    expect(sut).toEqual([
      { name: 'dashboard', role: 'user', digest: sha256(secret) },
      { name: 'ops', role: 'admin', digest: Buffer.from(hash, 'hex') },
    ]);
  });

  it('keeps colons inside a secret', () => {
    expect(parseApiKeys(`k:user:${secret}:x`)[0].digest).toEqual(sha256(`${secret}:x`));
  });

  it('reads nothing from an empty or missing value', () => {
    expect(parseApiKeys(undefined)).toEqual([]);
    expect(parseApiKeys(' , ')).toEqual([]);
  });

  it.each([
    [`bad name:user:${secret}`, 'API_KEYS entry 1: the name must be'],
    [`k:root:${secret}`, 'API_KEYS entry 1: the role must be one of user, admin'],
    ['k:user:short', 'the secret must be at least 16 characters'],
    ['k:user:sha256:abc', 'a hashed secret is sha256: and 64 hex digits'],
    [`k:user:${secret},k:admin:${secret}`, 'API_KEYS entries 1 and 2 have the same name'],
  ])('refuses %j, never echoing the secret', (raw, message) => {
    expect(() => parseApiKeys(raw)).toThrow(message);
    try {
      parseApiKeys(raw);
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).not.toContain('short');
    }
  });

  it.each([secret, `${secret}:user`, `user:${secret}`])(
    'names a malformed entry %j by its position, never by its text',
    (raw) => {
      expect(() => parseApiKeys(`ok:user:${secret}x,${raw}`)).toThrow(/^API_KEYS entry 2: /);
      try {
        parseApiKeys(`ok:user:${secret}x,${raw}`);
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
        expect((error as Error).message).not.toContain('"');
      }
    },
  );
});
