// Issue 17: the dev clock moved only by administrators, by bounded ISO-8601 steps, and never in production.
import { type TestApp, createTestApp } from '../support/app-harness';

describe('dev clock guard rails', () => {
  let t: TestApp;
  let fakeNow = Date.parse('2026-09-28T02:00:00Z');
  const advances: number[] = [];

  beforeAll(async () => {
    t = await createTestApp('api-dev-clock', {
      devClock: {
        now: () => fakeNow,
        advance: (ms: number) => {
          advances.push(ms);
          fakeNow += ms;
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const advance = async (user: string, body: unknown) =>
    t
      .http()
      .post('/api/v1/dev/time/advance')
      .set('Authorization', `Bearer ${await t.token(user)}`)
      .send(body as object);

  it.each(['applicant1', 'lixia-reviewer', 'orgdept1'])(
    'given %s (not an admin), when advancing the clock, then 403 and time stays put',
    async (user) => {
      const before = fakeNow;
      const res = await advance(user, { duration: 'P3D' });
      expect(res.status).toBe(403);
      expect(fakeNow).toBe(before);
    },
  );

  it('given a non-admin, when reading the clock, then it is served (the UI shows countdowns from it)', async () => {
    const res = await t
      .http()
      .get('/api/v1/dev/time')
      .set('Authorization', `Bearer ${await t.token('applicant1')}`);
    expect(res.status).toBe(200);
    expect(typeof res.body.now).toBe('string');
  });

  it('given the maximum safe integer as a number, when an admin advances, then 400 names duration and time stays put', async () => {
    const before = fakeNow;
    const res = await advance('admin', { duration: 9007199254740991 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_DURATION');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'duration' })]);
    expect(fakeNow).toBe(before);
  });

  it.each([
    ['P3653D', 'DURATION_TOO_LONG'],
    ['P999999999D', 'DURATION_TOO_LONG'],
    ['P1Y', 'INVALID_DURATION'],
    ['90m', 'INVALID_DURATION'],
    ['P0D', 'INVALID_DURATION'],
  ])('given %s, when an admin advances, then 400 %s naming duration', async (duration, code) => {
    const before = fakeNow;
    const res = await advance('admin', { duration });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code });
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'duration' })]);
    expect(fakeNow).toBe(before);
  });

  it('given ten years and an hour-and-a-half, when an admin advances, then the clock moves by exactly that', async () => {
    const before = fakeNow;
    const res = await advance('admin', { duration: 'P3652D' });
    expect(res.status).toBe(200);
    const res2 = await advance('admin', { duration: 'PT1H30M' });
    expect(res2.status).toBe(200);
    expect(Date.parse(res2.body.now as string) - before).toBe(3652 * 86_400_000 + 5_400_000);
  });
});

describe('dev clock near the end of representable dates', () => {
  let t: TestApp;
  let fakeNow = Date.UTC(9995, 0, 1);

  beforeAll(async () => {
    t = await createTestApp('api-dev-clock-end', {
      devClock: { now: () => fakeNow, advance: (ms: number) => void (fakeNow += ms) },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given a clock in 9995, when an admin advances ten years, then 400 and the clock stays put', async () => {
    const res = await t
      .http()
      .post('/api/v1/dev/time/advance')
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .send({ duration: 'P3652D' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'DURATION_TOO_LONG' });
    expect(fakeNow).toBe(Date.UTC(9995, 0, 1));
  });
});

describe('dev clock in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('api-dev-clock-prod', {
      env: { NODE_ENV: 'production' },
      devClock: { now: () => Date.now(), advance: () => undefined },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given NODE_ENV=production on a backend with a clock, when calling the dev clock, then 404 (absent)', async () => {
    expect((await t.http().get('/api/v1/dev/time')).status).toBe(404);
    const res = await t.http().post('/api/v1/dev/time/advance').send({ duration: 'P1D' });
    expect(res.status).toBe(404);
  });
});
