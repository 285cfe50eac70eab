import { NyseCalendar } from './nyse-calendar';

describe(NyseCalendar.name, () => {
  it('closes on operator-supplied dates', () => {
    const sut = new NyseCalendar({ extraClosures: ['2030-03-13'] });

    expect(sut.isTradingDay('2030-03-13')).toBe(false);
    expect(sut.holidays(2030)).toContain('2030-03-13');
  });

  it('closes early on operator-supplied dates', () => {
    const sut = new NyseCalendar({ extraEarlyCloses: ['2030-03-14'] });

    expect(sut.session('2030-03-14')).toMatchObject({ earlyClose: true });
    expect(sut.earlyCloses(2030)).toEqual(['2030-03-14', '2030-07-03', '2030-11-29', '2030-12-24']);
  });

  it('lets a closure win over an early close on the same date', () => {
    const sut = new NyseCalendar({
      extraClosures: ['2030-12-24'],
      extraEarlyCloses: ['2030-12-24'],
    });

    expect(sut.session('2030-12-24')).toBeUndefined();
    expect(sut.earlyCloses(2030)).not.toContain('2030-12-24');
  });

  it('ignores operator dates that fall on a weekend', () => {
    const sut = new NyseCalendar({ extraClosures: ['2030-03-16'] });

    expect(sut.holidays(2030)).not.toContain('2030-03-16');
  });

  it.each(['2030-3-13', '2030-02-30', 'tomorrow'])('rejects the malformed date %s', (date) => {
    expect(() => new NyseCalendar({ extraClosures: [date] })).toThrow(RangeError);
  });

  it('hands out the same cached session objects, frozen', () => {
    const sut = new NyseCalendar();

    const session = sut.session('2030-03-13');
    expect(sut.session('2030-03-13')).toBe(session);
    expect(Object.isFrozen(session)).toBe(true);
  });

  it('does not let callers change the cached holiday list', () => {
    const sut = new NyseCalendar();

    sut.holidays(2030).push('2030-03-13');
    expect(sut.holidays(2030)).not.toContain('2030-03-13');
  });
});
