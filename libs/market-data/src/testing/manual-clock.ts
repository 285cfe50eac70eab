/** A clock tests move by hand, so that no assertion depends on the wall clock. */
export class ManualClock {
  constructor(private instant: number) {}

  /** Current instant in epoch ms; pass as `now: clock.now`. */
  readonly now = (): number => this.instant;

  advance(ms: number): void {
    this.instant += ms;
  }
}
