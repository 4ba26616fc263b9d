import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

describe('API messages and objections', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-messages');
    for (const f of ['message-catch', 'publicity-with-objections']) await t.deploy(fixtureXml(f));
  });
  afterAll(async () => {
    await t?.close();
  });

  const publish = async (body: object, user = 'city-reviewer1') =>
    t
      .http()
      .post('/api/v1/messages')
      .set('Authorization', await t.as(user))
      .send(body);
  const object = async (caseId: string, reason: string, user = 'applicant1') =>
    t
      .http()
      .post(`/api/v1/cases/${caseId}/objections`)
      .set('Authorization', await t.as(user))
      .send({ reason });
  const caseOf = async (id: string) =>
    t
      .http()
      .get(`/api/v1/cases/${id}`)
      .set('Authorization', await t.as('admin'));
  const waitingAt = (id: string, element: string) =>
    t.eventually(
      () => caseOf(id),
      (r) => (r.body.activeElements as string[]).includes(element),
    );

  it('given a case waiting for a message, when it is published, then correlated 1 and the case moves on', async () => {
    const c = await t.startCase('message-catch', {});
    await waitingAt(c.id, 'published');
    const res = await publish({
      name: 'publish-list',
      correlationKey: c.businessKey,
      variables: { listNo: 7 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ correlated: 1 });
    const done = await t.eventually(
      () => caseOf(c.id),
      (r) => r.body.status === 'completed',
    );
    expect(done.body.variables).toMatchObject({ listNo: 7 });
    // Not buffered: nobody waits any more.
    expect((await publish({ name: 'publish-list', correlationKey: c.businessKey })).body).toEqual({
      correlated: 0,
    });
  });

  it('given no waiting case, when a message is published, then correlated 0', async () => {
    const res = await publish({ name: 'nobody-listens', correlationKey: 'none' });
    expect(res.body).toEqual({ correlated: 0 });
  });

  it('given bad input or an applicant, when publishing, then 400 or 403', async () => {
    const bad = await publish({ correlationKey: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
    expect((await publish({ name: 'publish-list', correlationKey: 'x' }, 'applicant1')).status).toBe(403);
  });

  it('given a case before its publicity period, when an objection is raised, then 409 says why and nothing is stored', async () => {
    const c = await t.startCase('publicity-with-objections', {});
    await waitingAt(c.id, 'waitList');
    const res = await object(c.id, 'too early');
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/not waiting for an objection/);
    const rows: unknown[] = await t.database.dataSource.query(
      'select id from objections where case_id = $1',
      [c.id],
    );
    expect(rows).toEqual([]);
  });

  it('given an open publicity period, when an objection is raised, then 201, it is recorded and a verification task opens', async () => {
    const c = await t.startCase('publicity-with-objections', {});
    await waitingAt(c.id, 'waitList');
    expect((await publish({ name: 'publish-list', correlationKey: c.businessKey })).body).toEqual({
      correlated: 1,
    });
    await waitingAt(c.id, 'period');
    const res = await object(c.id, 'the applicant never worked there');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      caseId: c.id,
      reason: 'the applicant never worked there',
      createdBy: 'applicant1',
      createdAt: expect.any(String),
    });
    const tasks = await t.openTasks(c.id, 'city-reviewer1');
    expect(tasks.map((x) => x.elementId)).toEqual(['verifyObjection']);
    const history = await t
      .http()
      .get(`/api/v1/cases/${c.id}/history`)
      .set('Authorization', await t.as('admin'));
    expect(history.body).toContainEqual(
      expect.objectContaining({
        type: 'objection',
        actor: 'applicant1',
        data: { objectionId: res.body.id, reason: 'the applicant never worked there' },
      }),
    );
  });

  it('given bad input or an unknown case, when objecting, then 400 or 404', async () => {
    const c = await t.startCase('publicity-with-objections', { district: 'lixia' });
    expect((await object(c.id, '')).status).toBe(400);
    expect((await object('00000000-0000-4000-8000-000000000000', 'x')).status).toBe(404);
    expect((await object(c.id, 'x', 'shizhong-reviewer')).status).toBe(404);
  });
});
