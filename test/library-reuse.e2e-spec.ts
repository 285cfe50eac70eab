import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { FixedTableProvider } from './library-reuse/fixed-table.provider';
import { reuseAppModule } from './library-reuse/reuse-app.module';

/** Proof that another Nest app reuses the cache library through its public entry point. */
describe('CacheModule reused by another app (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ohlc-reuse-'));
  let app: NestFastifyApplication;

  const start = async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [reuseAppModule(dataDir)],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: ['error'],
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app.get(FixedTableProvider);
  };

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves its own provider through L2 and L1', async () => {
    const provider = await start();
    const first = await request(app.getHttpServer()).get('/candles/XYZ').expect(200);
    expect(first.body).toMatchObject({ layer: 'live-api', series: { source: 'fixed-table' } });
    expect(first.body.candles).toHaveLength(3);

    const second = await request(app.getHttpServer()).get('/candles/XYZ').expect(200);
    expect(second.body.layer).toBe('in-memory');
    expect(provider.calls).toBe(1);
  });

  it('finds what it wrote in L2 after a restart', async () => {
    await app.close();
    const provider = await start();
    const res = await request(app.getHttpServer()).get('/candles/XYZ').expect(200);
    expect(res.body.layer).toBe('persistent-cache');
    expect(res.body.candles.map((c: { close: number }) => c.close)).toEqual([11, 12, 13]);
    expect(provider.calls).toBe(0);
  });
});
