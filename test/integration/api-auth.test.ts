import { type TestApp, createTestApp } from '../support/app-harness';

describe('API auth', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('api-auth');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given a demo user, when logging in with password demo, then a token and the user profile come back', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'lixia-reviewer', password: 'demo' });

    expect(res.status).toBe(200);
    expect(typeof res.body.accessToken).toBe('string');
    expect(res.body.user).toEqual({
      id: expect.any(String),
      username: 'lixia-reviewer',
      roles: ['district-reviewer'],
      district: 'lixia',
      affiliation: null,
    });
    // No in-process clock here: the UI is told not to call GET /dev/time, which does not exist.
    expect(res.body.devClock).toBe(false);
    const auth = `Bearer ${res.body.accessToken as string}`;
    expect((await t.http().get('/api/v1/dev/time').set('Authorization', auth)).status).toBe(404);
  });

  it('given an expert with an affiliation, when logging in, then the affiliation is returned', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'expert1', password: 'demo' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ roles: ['expert'], affiliation: 'org-1', district: null });
  });

  it('given a wrong password, when logging in, then 401 with the contract error body', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'nope' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid username or password',
    });
  });

  it('given an unknown user, when logging in, then the same 401 (no username probing)', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'demo' });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Invalid username or password');
  });

  it('given a login without password, when posted, then 400 names the field', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'password' })]);
  });

  it('given no token, when calling a protected endpoint, then 401', async () => {
    const res = await t.http().get('/api/v1/calendar/workdays?from=2026-09-28&days=5');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect(res.body.message).toContain('Bearer');
  });

  it('given a forged token, when calling a protected endpoint, then 401', async () => {
    const good = await t.token('admin');
    const forged = `${good.slice(0, -4)}AAAA`;
    const res = await t
      .http()
      .get('/api/v1/calendar/workdays?from=2026-09-28&days=5')
      .set('Authorization', `Bearer ${forged}`);
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Invalid or expired access token');
  });

  it('given a valid token, when calling a protected endpoint, then it is served', async () => {
    const res = await t
      .http()
      .get('/api/v1/calendar/workdays?from=2026-09-28&days=1')
      .set('Authorization', `Bearer ${await t.token('applicant1')}`);
    expect(res.status).toBe(200);
  });

  it('given a non-admin, when calling an admin-only endpoint, then 403 naming the role', async () => {
    const res = await t
      .http()
      .put('/api/v1/calendar/years/2031')
      .set('Authorization', `Bearer ${await t.token('city-reviewer1')}`)
      .send({ holidays: [], workdays: [] });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'This action requires one of the roles: admin',
    });
  });

  it('given seeding runs twice, when counting demo users, then there is one row per user', async () => {
    const { seedDemoUsers, DEMO_USERS } = await import('../../api/auth/demo-users');
    expect(await seedDemoUsers(t.database.dataSource)).toBe(0);
    const rows = await t.database.dataSource.query<{ n: string }[]>('select count(*)::int as n from users');
    expect(Number(rows[0]?.n)).toBe(DEMO_USERS.length);
  });
});

describe('API auth in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('api-auth-prod', { env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given NODE_ENV=production, when a demo user logs in, then it is refused', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'demo' });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Demo users are disabled when NODE_ENV=production');
  });
});
