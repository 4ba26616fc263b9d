// Issue 17: failed logins lock the username and the client address (429 + Retry-After), tokens end (exp), and a token
// is only as good as its user: deleted, disabled or revoked means 401.
import { hash } from 'bcryptjs';
import jwt from 'jsonwebtoken';
import { UserEntity } from '../../db/entities/user.entity';
import { type TestApp, createTestApp } from '../support/app-harness';

const login = (t: TestApp, username: string, password: string) =>
  t.http().post('/api/v1/auth/login').send({ username, password });

describe('login throttling per username', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('api-login-throttle', {
      env: { LOGIN_MAX_FAILURES: '5', LOGIN_ADDRESS_MAX_FAILURES: '1000', LOGIN_LOCKOUT_MS: '600000' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given five wrong passwords for a user, when the right one follows, then 429 with Retry-After and others still log in', async () => {
    for (let i = 0; i < 5; i++) expect((await login(t, 'lixia-reviewer', `wrong-${i}`)).status).toBe(401);

    const res = await login(t, 'lixia-reviewer', 'demo');
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'TOO_MANY_LOGIN_FAILURES',
    });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(res.body.accessToken).toBeUndefined();

    expect((await login(t, 'shizhong-reviewer', 'demo')).status).toBe(200);
  });

  it('given failures below the limit, when the user logs in successfully, then the count starts again', async () => {
    for (let i = 0; i < 4; i++) expect((await login(t, 'expert3', 'nope')).status).toBe(401);
    expect((await login(t, 'expert3', 'demo')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(t, 'expert3', 'nope')).status).toBe(401);
    expect((await login(t, 'expert3', 'demo')).status).toBe(200);
  });

  it('given a login, when decoding the token, then it carries exp (JWT_TTL, 8 h by default) and a token version', async () => {
    const res = await login(t, 'finance1', 'demo');
    const claims = jwt.decode(res.body.accessToken as string) as { iat: number; exp: number; tv: number };
    expect(claims.exp - claims.iat).toBe(8 * 3600);
    expect(claims.tv).toBe(0);
  });

  it('given tokens of a user, when an admin revokes them, then they answer 401 TOKEN_REVOKED and a new login works', async () => {
    const old = (await login(t, 'applicant1', 'demo')).body.accessToken as string;
    const probe = (token: string) =>
      t
        .http()
        .get('/api/v1/calendar/workdays?from=2026-09-28&days=1')
        .set('Authorization', `Bearer ${token}`);
    expect((await probe(old)).status).toBe(200);

    const notAdmin = await t
      .http()
      .post('/api/v1/users/applicant1/revoke-tokens')
      .set('Authorization', `Bearer ${old}`);
    expect(notAdmin.status).toBe(403);

    const revoked = await t
      .http()
      .post('/api/v1/users/applicant1/revoke-tokens')
      .set('Authorization', `Bearer ${await t.token('admin')}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ username: 'applicant1', tokenVersion: 1 });

    const refused = await probe(old);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('TOKEN_REVOKED');
    const fresh = (await login(t, 'applicant1', 'demo')).body.accessToken as string;
    expect((await probe(fresh)).status).toBe(200);

    const unknown = await t
      .http()
      .post('/api/v1/users/nobody/revoke-tokens')
      .set('Authorization', `Bearer ${await t.token('admin')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('USER_NOT_FOUND');
  });

  it('given a token, when its user is disabled or deleted, then it answers 401 and a disabled user cannot log in', async () => {
    const users = t.database.dataSource.getRepository(UserEntity);
    await users.insert([
      { username: 'temp-disabled', passwordHash: await hash('pw', 4), roles: ['expert'] },
      { username: 'temp-deleted', passwordHash: await hash('pw', 4), roles: ['expert'] },
    ]);
    const disabledToken = (await login(t, 'temp-disabled', 'pw')).body.accessToken as string;
    const deletedToken = (await login(t, 'temp-deleted', 'pw')).body.accessToken as string;
    await users.update({ username: 'temp-disabled' }, { disabled: true });
    await users.delete({ username: 'temp-deleted' });

    for (const token of [disabledToken, deletedToken]) {
      const res = await t.http().get('/api/v1/tasks').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_REVOKED');
    }
    expect((await login(t, 'temp-disabled', 'pw')).status).toBe(401);
  });

  it('given a validly signed token without exp, when used, then 401', async () => {
    const claims = jwt.decode(await t.token('admin')) as Record<string, unknown>;
    const { iat: _iat, exp: _exp, ...rest } = claims;
    const endless = jwt.sign(rest, 'test-secret-0123456789abcdef0123456789');
    const res = await t.http().get('/api/v1/tasks').set('Authorization', `Bearer ${endless}`);
    expect(res.status).toBe(401);
  });
});

describe('login throttling per client address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('api-login-throttle-addr', {
      env: { LOGIN_MAX_FAILURES: '100', LOGIN_ADDRESS_MAX_FAILURES: '3', LOGIN_LOCKOUT_MS: '1500' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given failures over many usernames from one address, when any user logs in from it, then 429 until the lockout ends', async () => {
    for (const name of ['ghost1', 'ghost2', 'ghost3']) expect((await login(t, name, 'x')).status).toBe(401);

    const locked = await login(t, 'admin', 'demo');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    await new Promise((r) => setTimeout(r, 1600));
    expect((await login(t, 'admin', 'demo')).status).toBe(200);
  });
});
