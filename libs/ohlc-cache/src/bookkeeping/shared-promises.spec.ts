import { deferred } from './deferred';
import { SharedPromises } from './shared-promises';

describe(SharedPromises.name, () => {
  it('shares a pending promise and starts afresh once it settled', async () => {
    const sut = new SharedPromises<number>();
    const first = deferred<number>();
    let starts = 0;
    const start = () => {
      starts++;
      return first.promise;
    };
    const a = sut.share('k', start);
    const b = sut.share('k', start);
    expect(b).toBe(a);
    first.resolve(1);
    await expect(a).resolves.toBe(1);
    await sut.share('k', () => Promise.resolve(2)).then((v) => expect(v).toBe(2));
    expect(starts).toBe(1);
  });

  it('forgets a rejected promise too, without reporting it unhandled twice', async () => {
    const sut = new SharedPromises<number>();
    await expect(sut.share('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(sut.share('k', () => Promise.resolve(3))).resolves.toBe(3);
  });

  it('keeps keys apart', async () => {
    const sut = new SharedPromises<string>();
    const [a, b] = await Promise.all([
      sut.share('a', () => Promise.resolve('a')),
      sut.share('b', () => Promise.resolve('b')),
    ]);
    expect([a, b]).toEqual(['a', 'b']);
  });
});
