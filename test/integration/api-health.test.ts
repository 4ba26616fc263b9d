import { Connection } from '@temporalio/client';
import { connectDatabase } from '../../config/connect';
import { createApp } from '../../api/create-app';
import request from 'supertest';
import { type TestApp, createTestApp } from '../support/app-harness';

describe('API health and dev time', () => {
  let t: TestApp;
  let fakeNow = Date.parse('2026-09-28T02:00:00Z');

  beforeAll(async () => {
    t = await createTestApp('api-health', {
      devClock: { now: () => fakeNow, advance: (ms: number) => void (fakeNow += ms) },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given PostgreSQL and Temporal up, when checking health without a token, then 200 ok', async () => {
    const res = await t.http().get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', temporal: 'up' });
  });

  it('given an unreachable Temporal, when checking health, then 503 names temporal', async () => {
    const dataSource = await connectDatabase(t.database.url);
    const app = await createApp({
      config: t.config,
      dataSource,
      temporalConnection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '500ms' }),
    });
    try {
      const res = await request(app.getHttpServer()).get('/api/v1/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        statusCode: 503,
        database: 'up',
        temporal: 'down',
        message: 'Unavailable: temporal',
      });
    } finally {
      await app.close();
    }
  });

  it('given an in-process clock, when reading and advancing dev time, then now moves by the duration', async () => {
    const auth = `Bearer ${await t.token('admin')}`;
    const before = await t.http().get('/api/v1/dev/time').set('Authorization', auth);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ now: '2026-09-28T02:00:00.000Z' });

    const after = await t
      .http()
      .post('/api/v1/dev/time/advance')
      .set('Authorization', auth)
      .send({ duration: 'P1DT1H' });
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ now: '2026-09-29T03:00:00.000Z' });
  });

  it('given an in-process clock, when logging in, then the answer says the dev clock exists', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'demo' });
    expect(res.status).toBe(200);
    expect(res.body.devClock).toBe(true);
  });

  it('given a bad duration, when advancing dev time, then 400 names duration', async () => {
    const res = await t
      .http()
      .post('/api/v1/dev/time/advance')
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .send({ duration: 'soon' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'duration' })]);
  });
});
