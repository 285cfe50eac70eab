import type { LoggerService } from '@nestjs/common';

/** Keeps every line the app logs, so tests can search them (for secrets, warnings). */
export class CapturedLogs implements LoggerService {
  readonly lines: string[] = [];

  log(...parts: unknown[]): void {
    this.keep(parts);
  }
  error(...parts: unknown[]): void {
    this.keep(parts);
  }
  warn(...parts: unknown[]): void {
    this.keep(parts);
  }
  debug(...parts: unknown[]): void {
    this.keep(parts);
  }
  verbose(...parts: unknown[]): void {
    this.keep(parts);
  }

  private keep(parts: unknown[]): void {
    this.lines.push(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
  }
}
