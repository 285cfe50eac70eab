import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/**
 * Nest's console logger, every level on stderr: stdout carries the CLI's own
 * output (tables, `--json`), which must stay clean for pipes.
 */
export class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}
