import { ByteBoundedLru } from './byte-bounded-lru';

describe(ByteBoundedLru.name, () => {
  const sized = (maxBytes: number, maxEntries?: number) =>
    new ByteBoundedLru<string>({ maxBytes, maxEntries }, (_key, value) => value.length);

  it('evicts the least recently used values to stay within its bytes', () => {
    const sut = sized(10);
    sut.set('a', 'xxxx');
    sut.set('b', 'xxxx');
    sut.get('a');
    sut.set('c', 'xxxx');
    expect([sut.has('a'), sut.has('b'), sut.has('c')]).toEqual([true, false, true]);
    expect(sut.bytes).toBe(8);
  });

  it('counts a replaced value once, and keeps nothing larger than the whole bound', () => {
    const sut = sized(10);
    sut.set('a', 'xxxx');
    sut.set('a', 'xxxxxx');
    expect(sut.bytes).toBe(6);
    sut.set('b', 'x'.repeat(11));
    expect(sut.has('b')).toBe(false);
    expect(sut.get('a')).toBe('xxxxxx');
  });

  it('holds its entry bound too', () => {
    const sut = sized(1_000, 2);
    for (const key of ['a', 'b', 'c']) sut.set(key, 'x');
    expect(sut.size).toBe(2);
    expect(sut.has('a')).toBe(false);
  });
});
