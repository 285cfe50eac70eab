import type { WarningLogger } from '../validation/upstream-row-filter';

/** Keeps warnings for assertions instead of printing them. */
export class RecordingLogger implements WarningLogger {
  readonly warnings: string[] = [];

  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}
