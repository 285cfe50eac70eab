import { FixedClock } from './fixed-clock';

describe(FixedClock.name, () => {
  it('starts at an ISO instant or epoch ms and stays there', () => {
    const sut = new FixedClock('2025-03-10T13:30:00Z');

    expect(sut.now()).toBe(Date.UTC(2025, 2, 10, 13, 30));
    expect(new FixedClock(42).now()).toBe(42);
  });

  it('moves only when set or advanced', () => {
    const sut = new FixedClock(1_000);

    sut.advance(500);
    expect(sut.now()).toBe(1_500);
    sut.set('1970-01-01T00:00:02Z');
    expect(sut.now()).toBe(2_000);
  });

  it.each(['2025-03-10', '2025-03-10T09:30:00', 'soon'])('rejects %s', (value) => {
    expect(() => new FixedClock(value)).toThrow(RangeError);
  });
});
