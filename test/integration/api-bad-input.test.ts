import jwt from 'jsonwebtoken';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

const TABLES = ['process_definitions', 'cases', 'tasks', 'history_events', 'batches', 'objections'] as const;

describe('API bad input: clear errors, nothing changed', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-bad-input');
    await t.deploy(fixtureXml('user-task'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const rows: { n: string }[] = await t.database.dataSource.query(`SELECT count(*) AS n FROM ${table}`);
      out[table] = Number(rows[0]?.n);
    }
    return out;
  };
  /** Runs `act` and asserts no table it could touch changed. */
  const unchanged = async <T>(act: () => Promise<T>): Promise<T> => {
    const before = await counts();
    const result = await act();
    expect(await counts()).toEqual(before);
    return result;
  };
  const auth: Record<string, string> = {};
  beforeAll(async () => {
    for (const u of ['admin', 'city-reviewer1', 'shizhong-reviewer']) auth[u] = await t.as(u);
  });
  // Not async: a supertest request is thenable, so awaiting it would send it before the body is attached.
  const post = (path: string, user = 'admin') =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', auth[user] ?? '');

  it('given malformed JSON, when starting a case, then 400 and nothing is stored', async () => {
    const res = await unchanged(async () =>
      post('/cases').set('Content-Type', 'application/json').send('{"processKey": "user-task",'),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(/JSON/i);
  });

  it('given wrong types, when starting a case, then 400 naming each field', async () => {
    const res = await unchanged(async () =>
      post('/cases').send({ processKey: 42, businessKey: ['x'], variables: 'no' }),
    );
    expect(res.status).toBe(400);
    const fields = (res.body.details as { field?: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['processKey', 'businessKey', 'variables']));
  });

  it.each([
    [
      '/cases',
      { processKey: 'user-task', businessKey: 'unknown-field', variables: {}, priority: 'high' },
      'priority',
    ],
    [
      '/batches',
      {
        title: 'x',
        caseIds: ['00000000-0000-4000-8000-000000000000'],
        action: { type: 'message', name: 'm', extra: 1 },
      },
      'action.extra',
    ],
    ['/messages', { name: 'm', correlationKey: 'k', bogus: true }, 'bogus'],
  ])('given an unknown field, when posting %s, then 400 naming it', async (path, body, field) => {
    const res = await unchanged(async () => post(path).send(body));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
    expect(res.body.details).toContainEqual(expect.objectContaining({ field }));
  });

  it('given an unknown field, when completing a task, then 400 naming it and the task stays open', async () => {
    const c = await t.startCase('user-task', { district: 'lixia' });
    const [task] = await t.openTasks(c.id, 'city-reviewer1');
    const res = await unchanged(async () =>
      post(`/tasks/${task!.id}/complete`, 'city-reviewer1').send({
        variables: { decision: 'pass' },
        approvedBy: 'me',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'approvedBy' }));
    const rows: { state: string }[] = await t.database.dataSource.query(
      'SELECT state FROM tasks WHERE id = $1',
      [task!.id],
    );
    expect(rows[0]?.state).toBe('open');
  });

  it('given a huge body, when posting, then 413 and nothing is stored', async () => {
    const res = await unchanged(async () =>
      post('/cases').send({
        processKey: 'user-task',
        businessKey: 'huge',
        variables: { blob: 'x'.repeat(2 * 1024 * 1024) },
      }),
    );
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413 });
  });

  it('given an unknown process key, when starting a case, then 404 naming it', async () => {
    const res = await unchanged(async () =>
      post('/cases').send({ processKey: 'no-such-process', businessKey: 'b-1', variables: {} }),
    );
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('no-such-process');
  });

  it('given a task of another district, when a district reviewer reads or completes it, then 404', async () => {
    const c = await t.startCase('user-task', { district: 'lixia' });
    const [task] = await t.openTasks(c.id, 'city-reviewer1');
    const auth = await t.as('shizhong-reviewer');
    const read = await t.http().get(`/api/v1/tasks/${task!.id}`).set('Authorization', auth);
    expect(read.status).toBe(404);
    const done = await unchanged(async () =>
      post(`/tasks/${task!.id}/complete`, 'shizhong-reviewer').send({
        variables: { decision: 'pass' },
      }),
    );
    expect(done.status).toBe(404);
    expect(JSON.stringify(done.body)).not.toContain('lixia');
  });

  it('given an expired JWT or one signed with the wrong key, when calling the API, then 401', async () => {
    const claims = jwt.decode(await t.token('admin')) as Record<string, unknown>;
    const { iat: _iat, exp: _exp, ...rest } = claims;
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign(
      { ...rest, iat: now - 7200, exp: now - 3600 },
      'test-secret-0123456789abcdef0123456789',
    );
    const wrongKey = jwt.sign(rest, 'another-secret-0123456789abcdef0123456789', { expiresIn: '1h' });
    for (const token of [expired, wrongKey]) {
      const res = await unchanged(() =>
        t
          .http()
          .post('/api/v1/cases')
          .set('Authorization', `Bearer ${token}`)
          .send({ processKey: 'user-task', businessKey: `jwt-${token.length}`, variables: {} }),
      );
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, message: 'Invalid or expired access token' });
    }
  });

  it('given SQL-looking text, when sent as business key, variable and comment, then it is kept verbatim', async () => {
    const sql = "x'); DROP TABLE cases; --";
    const businessKey = `${sql} ${Date.now()}`;
    const start = await post('/cases').send({
      processKey: 'user-task',
      businessKey,
      variables: { district: 'lixia', note: sql },
    });
    expect(start.status).toBe(201);
    const caseId = start.body.id as string;
    const [task] = await t.openTasks(caseId, 'city-reviewer1');
    const done = await post(`/tasks/${task!.id}/complete`, 'city-reviewer1').send({
      variables: { decision: 'pass' },
      comment: sql,
    });
    expect(done.status).toBe(200);
    const rows: { business_key: string; note: string }[] = await t.database.dataSource.query(
      "SELECT business_key, variables->>'note' AS note FROM cases WHERE id = $1",
      [caseId],
    );
    expect(rows[0]).toEqual({ business_key: businessKey, note: sql });
    const detail = await t
      .http()
      .get(`/api/v1/cases/${caseId}`)
      .set('Authorization', await t.as('admin'));
    expect(detail.body.businessKey).toBe(businessKey);
    const task2: { comment: string }[] = await t.database.dataSource.query(
      'SELECT comment FROM tasks WHERE id = $1',
      [task!.id],
    );
    expect(task2[0]?.comment).toBe(sql);
    expect((await counts()).cases).toBeGreaterThan(0);
  });

  it('given a negative page size, when listing the inbox or cases, then 400 naming pageSize', async () => {
    for (const path of ['/api/v1/tasks?pageSize=-5', '/api/v1/cases?pageSize=-5']) {
      const res = await t
        .http()
        .get(path)
        .set('Authorization', await t.as('admin'));
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('pageSize');
      expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'pageSize' }));
    }
  });
});
