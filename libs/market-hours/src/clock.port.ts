import { Inject } from '@nestjs/common';

/** Where the service reads "now" from, so tests and tools can fix or advance it. */
export interface ClockPort {
  /** Current instant in epoch milliseconds. */
  now(): number;
}
export const ClockPort = Symbol('ClockPort');

/** Injects the app's `ClockPort`. */
export const InjectClock = (): ParameterDecorator => Inject(ClockPort);

export class SystemClock implements ClockPort {
  now(): number {
    return Date.now();
  }
}
