import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const { port, host } = app.get<AppConfig>(APP_CONFIG);
  await app.listen(port, host);
  // The bound address: PORT=0 picks a free port. The Node version shows which runtime npm's
  // scripts picked (node_modules/.bin/node, else the machine's).
  new Logger('Bootstrap').log(
    `OHLC API on ${await app.getUrl()}/api/v2/tickers/AAPL/ohlc (Node ${process.version})`,
  );
}

void bootstrap();
