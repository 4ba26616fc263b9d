// The API process serves the built UI at `/` without disturbing the API, its docs, health or metrics.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import request from 'supertest';
import { connectDatabase } from '../../config/connect';
import { createApp } from '../../api/create-app';
import { type TestApp, createTestApp } from '../support/app-harness';

describe('API serving the web UI', () => {
  let t: TestApp;
  let dist: string;
  const apps: INestApplication[] = [];

  const appWith = async (uiDistDir: string) => {
    const app = await createApp({
      config: t.config,
      dataSource: await connectDatabase(t.database.url),
      temporalConnection: await Connection.connect({ address: t.temporal.address }),
      uiDistDir,
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    t = await createTestApp('api-ui-serving');
    dist = await mkdtemp(path.join(os.tmpdir(), 'rf-ui-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dist, 'assets', 'index-Ab12Cd.js'), 'console.log(1)');
    await writeFile(
      path.join(dist, 'assets', 'big-Zz99.js'),
      `export const data = ${JSON.stringify('x'.repeat(50_000))};`,
    );
    await writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t?.close();
    if (dist) await rm(dist, { recursive: true, force: true });
  });

  it('given a built UI, when loading / and a client route, then index.html comes back uncached', async () => {
    const server = (await appWith(dist)).getHttpServer();
    for (const url of ['/', '/inbox', '/cases/123?tab=history']) {
      const res = await request(server).get(url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="root">');
    }
  });

  it('given a built UI, when loading a hashed asset, then it is cached for a year and revalidates by etag', async () => {
    const server = (await appWith(dist)).getHttpServer();
    const res = await request(server).get('/assets/index-Ab12Cd.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const again = await request(server)
      .get('/assets/index-Ab12Cd.js')
      .set('If-None-Match', res.headers.etag!);
    expect(again.status).toBe(304);
    const plain = await request(server).get('/favicon.svg');
    expect(plain.headers['cache-control']).toBe('no-cache');
  });

  it('given a client accepting gzip, when loading a large script, then it comes compressed and decodes to the file', async () => {
    const server = (await appWith(dist)).getHttpServer();
    const res = await request(server).get('/assets/big-Zz99.js').set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBeLessThan(5_000);
    expect(res.text).toContain('xxxxxxxxxx'); // supertest inflates
    expect(res.text.length).toBeGreaterThan(50_000);
    const plain = await request(server).get('/assets/big-Zz99.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.etag).not.toBe(res.headers.etag);
  });

  it('given a built UI, when asking for a missing asset or escaping the folder, then 404, never index.html', async () => {
    const server = (await appWith(dist)).getHttpServer();
    expect((await request(server).get('/assets/missing-123.js')).status).toBe(404);
    const escape = await request(server).get('/..%2f..%2fetc%2fpasswd');
    expect(escape.text).not.toContain('root:');
  });

  it('given a built UI, when calling the API, docs, health and metrics, then they answer as before', async () => {
    const server = (await appWith(dist)).getHttpServer();
    const health = await request(server).get('/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    const unknownApi = await request(server).get('/api/v1/no-such-thing');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers['content-type']).toMatch(/json/);
    expect((await request(server).get('/api/docs/openapi.json')).body).toHaveProperty('openapi');
    expect((await request(server).get('/api/v1/metrics')).text).toContain('# HELP');
    expect((await request(server).get('/api/v1/cases')).status).toBe(401);
    // POST is never the UI's: the API's 404 stays.
    expect((await request(server).post('/inbox')).status).toBe(404);
  });

  it('given no built UI, when loading /, then a page says how to build it (503, not 500)', async () => {
    const server = (await appWith(path.join(dist, 'nowhere'))).getHttpServer();
    const res = await request(server).get('/');
    expect(res.status).toBe(503);
    expect(res.text).toContain('npm run build:ui');
    expect((await request(server).get('/api/v1/health')).status).toBe(200);
  });
});
