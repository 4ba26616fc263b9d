// Issue 17: security headers on every answer (API, UI, errors), and the OpenAPI docs off in production by default.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import request from 'supertest';
import { loadConfig } from '../../config/app-config';
import { connectDatabase } from '../../config/connect';
import { createApp } from '../../api/create-app';
import { type TestApp, createTestApp } from '../support/app-harness';

function expectSecurityHeaders(headers: Record<string, string | undefined>): void {
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  // the UI's needs: bpmn-js and React inline styles, data: images (favicon), fonts
  expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
  expect(csp).toMatch(/img-src 'self' data:/);
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toContain('upgrade-insecure-requests');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('API security headers and docs', () => {
  let t: TestApp;
  let dist: string;
  const apps: INestApplication[] = [];

  const appWith = async (env: NodeJS.ProcessEnv) => {
    const app = await createApp({
      config: loadConfig({ ...baseEnv(), ...env }),
      dataSource: await connectDatabase(t.database.url),
      temporalConnection: await Connection.connect({ address: t.temporal.address }),
      uiDistDir: dist,
    });
    apps.push(app);
    return app.getHttpServer();
  };
  const baseEnv = (): NodeJS.ProcessEnv => ({
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-0123456789abcdef0123456789',
    DATABASE_URL: t.database.url,
    TEMPORAL_ADDRESS: t.temporal.address,
  });

  beforeAll(async () => {
    t = await createTestApp('api-security-headers');
    dist = await mkdtemp(path.join(os.tmpdir(), 'rf-ui-headers-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dist, 'assets', 'index-Ab12Cd.js'), 'console.log(1)');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t?.close();
    if (dist) await rm(dist, { recursive: true, force: true });
  });

  it('given any answer (JSON, error, body refusal), when it leaves, then it carries the security headers', async () => {
    const ok = await t.http().get('/api/v1/health');
    expectSecurityHeaders(ok.headers);
    const unauth = await t.http().get('/api/v1/cases');
    expect(unauth.status).toBe(401);
    expectSecurityHeaders(unauth.headers);
    const badJson = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username":');
    expect(badJson.status).toBe(400);
    expectSecurityHeaders(badJson.headers);
  });

  it('given a built UI, when loading the page and an asset, then they load with the headers', async () => {
    const server = await appWith({ NODE_ENV: 'test' });
    const page = await request(server).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    expectSecurityHeaders(page.headers);
    const asset = await request(server).get('/assets/index-Ab12Cd.js');
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset.headers);
  });

  it('given development or test, when opening /api/docs, then the OpenAPI document is served', async () => {
    const res = await t.http().get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.info.title).toBe('reviewflow API');
    const ui = await t.http().get('/api/docs/');
    expect(ui.status).toBe(200);
    expectSecurityHeaders(ui.headers);
  });

  it('given NODE_ENV=production, when opening /api/docs, then it is absent unless API_DOCS=on', async () => {
    const prod = await appWith({ NODE_ENV: 'production' });
    expect((await request(prod).get('/api/docs/openapi.json')).status).toBe(404);
    expect((await request(prod).get('/api/docs')).status).toBe(404);
    const enabled = await appWith({ NODE_ENV: 'production', API_DOCS: 'on' });
    expect((await request(enabled).get('/api/docs/openapi.json')).status).toBe(200);
    const off = await appWith({ NODE_ENV: 'test', API_DOCS: 'off' });
    expect((await request(off).get('/api/docs/openapi.json')).status).toBe(404);
  });

  it('given API_DOCS=maybe, when loading config, then boot fails naming API_DOCS', () => {
    expect(() => loadConfig({ API_DOCS: 'maybe' })).toThrow(/API_DOCS/);
  });
});
