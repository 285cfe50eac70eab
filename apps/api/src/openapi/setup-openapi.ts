import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Where the Swagger UI is served; its JSON is at `${DOCS_PATH}-json`. */
export const DOCS_PATH = 'docs';

/**
 * The OpenAPI document, generated from the controllers' DTOs and response
 * classes, at `/docs` (UI) and `/docs-json`. Both are served without a key:
 * they are registered on Fastify directly, outside the guards.
 */
export function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('OHLC candle cache')
    .setDescription(
      'Candlestick data for market dashboards, answered from memory, DynamoDB or upstream. ' +
        'The contract in prose: docs/api.md.',
    )
    .setVersion('2')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS.' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
