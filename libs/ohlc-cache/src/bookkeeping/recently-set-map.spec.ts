import { RecentlySetMap } from './recently-set-map';

describe(RecentlySetMap.name, () => {
  it('drops the least recently set half once over its bound, and says so', () => {
    let drops = 0;
    const sut = new RecentlySetMap<number>(4, () => drops++);
    for (const key of ['a', 'b', 'c', 'd']) sut.set(key, 1);
    sut.set('a', 2); // now the most recent
    sut.set('e', 1);
    expect(sut.size).toBe(2);
    expect([sut.get('a'), sut.get('e'), sut.get('b'), sut.get('c'), sut.get('d')]).toEqual([
      2,
      1,
      undefined,
      undefined,
      undefined,
    ]);
    expect(drops).toBe(1);
  });

  it('refuses a bound below 2', () => {
    expect(() => new RecentlySetMap(1)).toThrow('maxKeys must be at least 2');
  });
});
