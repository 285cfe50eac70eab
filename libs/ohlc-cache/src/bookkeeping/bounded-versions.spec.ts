import { BoundedVersions } from './bounded-versions';

describe(BoundedVersions.name, () => {
  it('changes a key version on every bump, and no other key', () => {
    const sut = new BoundedVersions(10);
    const a = sut.of('a');
    const b = sut.of('b');
    sut.bump('a');
    expect(sut.of('a')).not.toBe(a);
    expect(sut.of('b')).toBe(b);
  });

  it('keeps at most its bound of keys, however many are bumped', () => {
    const sut = new BoundedVersions(100);
    for (let i = 0; i < 10_000; i++) sut.bump(`s${i}`);
    expect(sut.size).toBeLessThanOrEqual(100);
  });

  it('never reads a noted version again after the key was bumped, whatever was dropped', () => {
    const sut = new BoundedVersions(4);
    // Note every key's version, bump some, flood the bound, and check each noted key.
    const keys = Array.from({ length: 50 }, (_, i) => `k${i}`);
    for (let round = 0; round < 20; round++) {
      const noted = new Map(keys.map((k) => [k, sut.of(k)]));
      const bumped = keys.filter((_, i) => (i + round) % 3 === 0);
      for (const k of bumped) sut.bump(k);
      for (let i = 0; i < 7; i++) sut.bump(`flood${round}-${i}`);
      for (const k of bumped) expect(sut.of(k)).not.toBe(noted.get(k));
    }
  });

  it('keeps the version of a key it still holds while other keys come and go within the bound', () => {
    const sut = new BoundedVersions(10);
    sut.bump('kept');
    const noted = sut.of('kept');
    for (let i = 0; i < 4; i++) sut.bump(`other${i}`);
    expect(sut.of('kept')).toBe(noted);
  });
});
