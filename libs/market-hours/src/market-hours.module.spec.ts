import { Test } from '@nestjs/testing';
import { ClockPort, SystemClock } from './clock.port';
import { MarketHoursModule } from './market-hours.module';
import { MarketHoursService } from './market-hours.service';
import { FixedClock } from './testing';

describe(MarketHoursModule.name, () => {
  it('wires the given clock and operator closures into the service', async () => {
    const clock = new FixedClock('2030-03-13T15:00:00Z');
    const moduleRef = await Test.createTestingModule({
      imports: [MarketHoursModule.register({ clock, extraClosures: ['2030-03-13'] })],
    }).compile();

    const sut = moduleRef.get(MarketHoursService);
    expect(sut.now()).toBe(clock.now());
    expect(sut.session('2030-03-13')).toBeUndefined();
    expect(moduleRef.get(ClockPort)).toBe(clock);
  });

  it('uses the system clock and the plain calendar when registered bare', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MarketHoursModule.register()],
    }).compile();

    expect(moduleRef.get(ClockPort)).toBeInstanceOf(SystemClock);
    expect(moduleRef.get(MarketHoursService).session('2030-03-13')).toBeDefined();
  });

  it('accepts options from a factory', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MarketHoursModule.registerAsync({
          useFactory: () => ({ extraEarlyCloses: ['2030-03-13'] }),
        }),
      ],
    }).compile();

    expect(moduleRef.get(MarketHoursService).session('2030-03-13')?.earlyClose).toBe(true);
  });
});
