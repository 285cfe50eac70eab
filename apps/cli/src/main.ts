import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CliModule } from './cli.module';
import { processIo } from './cli-io';
import { EXIT, runCli } from './cli-program';
import { StderrLogger } from './stderr-logger';

/** `npm run cli -- <command>`: see the README's "Operator CLI". */
async function main(): Promise<void> {
  const io = processIo();
  const stop = new AbortController();
  const interrupt = () => {
    if (stop.signal.aborted) process.exit(EXIT.stopped);
    io.error('\nStopping after the window in flight (again to quit at once)\n');
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  let app: INestApplicationContext | undefined;
  const context = async () =>
    (app ??= await NestFactory.createApplicationContext(CliModule, {
      logger: new StderrLogger({ logLevels: ['error', 'warn'] }),
      abortOnError: false,
    }));
  let exitCode: number = EXIT.failed;
  try {
    exitCode = await runCli(process.argv.slice(2), { context, io, signal: stop.signal });
  } finally {
    await app?.close();
  }
  // A context that failed to start is never closed (its embedded L2 server
  // may be listening), and nothing else is left to do: exit explicitly.
  process.exit(exitCode);
}

void main();
