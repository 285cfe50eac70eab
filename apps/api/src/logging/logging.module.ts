import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RequestLog } from './request-log';
import { requestLogOptions } from './request-log.options';

/** Where log lines go: standard output unless bound otherwise (tests capture them). */
export const LOG_DESTINATION = Symbol('LogDestination');

/**
 * Structured logs (nestjs-pino over pino-http): one line per request
 * (`RequestLog`), and the app's own `Logger` lines in the same format once
 * `main.ts` makes the pino logger the app logger (`useStructuredLogs`).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [{ provide: LOG_DESTINATION, useValue: undefined }],
      inject: [APP_CONFIG, LOG_DESTINATION],
      useFactory: (config: AppConfig, destination: DestinationStream | undefined) => ({
        pinoHttp: requestLogOptions(config, destination),
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
      }),
    }),
  ],
  providers: [RequestLog],
})
export class LoggingModule {}
