import { loadAppConfig } from '../config/app-config';
import { ApiKeyService } from './api-key.service';

describe(ApiKeyService.name, () => {
  const user = 'user-secret-0123456789';
  const admin = 'admin-secret-0123456789';
  const sut = new ApiKeyService(
    loadAppConfig({ API_KEYS: `dash:user:${user},ops:admin:${admin}` }),
  );
  const identify = (authorization?: string | string[]) =>
    sut.identify({ headers: { authorization } });

  it('names the key and its role for a matching bearer token, whatever the scheme case', () => {
    expect(identify(`Bearer ${user}`)).toEqual({
      kind: 'key',
      key: { name: 'dash', role: 'user' },
    });
    expect(identify(`bearer ${admin}`)).toEqual({
      kind: 'key',
      key: { name: 'ops', role: 'admin' },
    });
  });

  it.each([
    [undefined, 'anonymous', /^Missing API key/],
    ['', 'anonymous', /^Missing API key/],
    ['Bearer wrong-secret-0123456789', 'rejected', /^Invalid API key$/],
    [`Basic ${user}`, 'rejected', /Bearer scheme/],
    [user, 'rejected', /Bearer scheme/],
    ['Bearer', 'rejected', /^Malformed/],
    [`Bearer ${user} trailing`, 'rejected', /^Malformed/],
    [`Bearer ${'a'.repeat(600)}`, 'rejected', /^Malformed/],
    [[`Bearer ${user}`, `Bearer ${user}`], 'rejected', /one Authorization header/],
  ])('rejects %j', (header, kind, reason) => {
    const caller = identify(header);
    expect(caller.kind).toBe(kind);
    expect(caller).toMatchObject({ reason: expect.stringMatching(reason) });
  });

  it('works a request out once and remembers it for the handler', () => {
    const request = { headers: { authorization: `Bearer ${user}` } };
    const first = sut.identify(request);
    request.headers.authorization = 'changed';
    expect(sut.identify(request)).toBe(first);
    expect(ApiKeyService.callerOf(request)).toBe(first);
  });

  it('authenticates a header as identify does, remembering nothing (the fast path)', () => {
    const header = `Bearer ${user}`;
    expect(sut.authenticate(header)).toEqual(identify(header));
    expect(sut.authenticate('Bearer not-a-configured-key-0123')).toMatchObject({
      kind: 'rejected',
    });
    expect(ApiKeyService.callerOf({ headers: { authorization: header } })).toBeUndefined();
  });

  it('answers a key verified on a connection from memory, and any other header on it afresh', () => {
    const connection = {};
    const other = {};
    expect(sut.authenticate(`Bearer ${user}`, connection)).toEqual(identify(`Bearer ${user}`));
    expect(sut.authenticate(`Bearer ${user}`, connection)).toEqual({
      kind: 'key',
      key: { name: 'dash', role: 'user' },
    });
    // Same length as the verified header, one character off: checked, and refused.
    const forged = `Bearer ${user.slice(0, -1)}X`;
    expect(sut.authenticate(forged, connection)).toMatchObject({ reason: 'Invalid API key' });
    expect(sut.authenticate(`Bearer ${admin}`, connection)).toMatchObject({
      key: { name: 'ops', role: 'admin' },
    });
    expect(sut.authenticate(undefined, connection)).toMatchObject({ kind: 'anonymous' });
    expect(sut.authenticate(forged, other)).toMatchObject({ kind: 'rejected' });
    expect(sut.authenticate(`Bearer ${user}`, other)).toMatchObject({ key: { name: 'dash' } });
  });

  it('is open only without keys or with authentication disabled', () => {
    expect(sut.open).toBe(false);
    expect(new ApiKeyService(loadAppConfig({})).open).toBe(true);
    const disabled = loadAppConfig({ API_KEYS: `dash:user:${user}`, AUTH_DISABLED: 'true' });
    expect(new ApiKeyService(disabled).open).toBe(true);
  });
});
