import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

/**
 * Makes the pino logger the app's logger: every `new Logger(...)` of the
 * app and its libraries then writes JSON lines, carrying the id of the
 * request it runs in.
 */
export function useStructuredLogs(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.flushLogs();
}
