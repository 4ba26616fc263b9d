// Issue 17: text PostgreSQL cannot store (NUL, lone surrogates), absurd nesting and out-of-range integers are refused
// at the door with 400 naming the field, instead of hanging a completion or answering 500.
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

describe('API text hygiene', () => {
  let t: CaseApi;
  let caseId: string;
  let taskId: string;

  beforeAll(async () => {
    t = await createCaseApi('api-text-hygiene');
    await t.deploy(fixtureXml('user-task'));
    caseId = (await t.startCase('user-task', { reviewer: 'city-reviewer1' })).id;
    const tasks = await t.openTasks(caseId, 'city-reviewer1');
    taskId = tasks[0]!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given an open task, when completing it with a NUL in a variable, then 400 INVALID_TEXT names it at once and the task stays open', async () => {
    const started = Date.now();
    const res = await t
      .http()
      .post(`/api/v1/tasks/${taskId}/complete`)
      .set('Authorization', await t.as('city-reviewer1'))
      .send({ decision: 'pass', variables: { note: 'a\u0000b' } })
      .timeout(10_000);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_TEXT' });
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'variables.note' })]);
    expect(Date.now() - started).toBeLessThan(5_000);
    const open = await t.openTasks(caseId, 'city-reviewer1');
    expect(open.map((x) => x.id)).toContain(taskId);
  });

  it('given a case, when objecting with a lone surrogate in the reason, then 400 INVALID_TEXT names reason', async () => {
    const res = await t
      .http()
      .post(`/api/v1/cases/${caseId}/objections`)
      .set('Authorization', await t.as('applicant1'))
      .send({ reason: 'x \ud800' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_TEXT' });
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
  });

  it('given a business key with a NUL or a lone low surrogate, when starting a case, then 400 names businessKey', async () => {
    for (const businessKey of ['bk\u0000x', 'bk\udc00']) {
      const res = await t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', await t.as('admin'))
        .send({ processKey: 'user-task', businessKey, variables: {} });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_TEXT' });
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'businessKey' })]);
    }
  });

  it('given a well-formed emoji and Chinese text, when starting a case, then they are accepted unchanged', async () => {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('admin'))
      .send({
        processKey: 'user-task',
        businessKey: `bk-😀-${Date.now()}`,
        variables: { reviewer: 'city-reviewer1', note: '申报材料 😀' },
      });
    expect(res.status).toBe(201);
  });

  it('given a version beyond PostgreSQL integer, when starting a case, then 400 names version (not 500)', async () => {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('admin'))
      .send({
        processKey: 'user-task',
        version: 2147483648,
        businessKey: `bk-v-${Date.now()}`,
        variables: {},
      });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'version' })]);
    const path = await t
      .http()
      .get('/api/v1/process-definitions/user-task/versions/2147483648')
      .set('Authorization', await t.as('admin'));
    expect(path.status).toBe(400);
  });

  it('given an integer beyond the safe range, when sent anywhere in a body, then 400 NUMBER_OUT_OF_RANGE', async () => {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('admin'))
      .set('Content-Type', 'application/json')
      .send(`{"processKey":"user-task","businessKey":"bk-n","variables":{"amount":123456789012345678901}}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'NUMBER_OUT_OF_RANGE' });
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'variables.amount' })]);
  });

  it('given variables nested 5,000 deep, when starting a case, then 400 NESTING_TOO_DEEP', async () => {
    const depth = 5_000;
    const body = `{"processKey":"user-task","businessKey":"bk-deep","variables":{"x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as('admin'))
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'NESTING_TOO_DEEP' });
    expect(res.body.details[0].field).toMatch(/^variables\.x(\.a)+$/);
  });

  it('given arrays nested 300,000 deep, when posted, then the body parser and the check answer 400, not 500', async () => {
    const depth = 300_000;
    const res = await t
      .http()
      .post('/api/v1/messages')
      .set('Authorization', await t.as('admin'))
      .set('Content-Type', 'application/json')
      .send(`{"name":"m","correlationKey":"k","variables":{"v":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'NESTING_TOO_DEEP' });
  });

  it('given a NUL in a path parameter, when revoking tokens or reading a definition, then 400 INVALID_TEXT', async () => {
    for (const url of ['/api/v1/users/a%00b/revoke-tokens', '/api/v1/process-definitions/a%00b/versions/1']) {
      const res = await t
        .http()
        [url.includes('revoke') ? 'post' : 'get'](url)
        .set('Authorization', await t.as('admin'));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_TEXT' });
    }
  });

  it('given a NUL in a query parameter, when listing cases, then 400 INVALID_TEXT names it', async () => {
    const res = await t
      .http()
      .get('/api/v1/cases?processKey=a%00b')
      .set('Authorization', await t.as('admin'));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_TEXT' });
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'processKey' })]);
  });
});
