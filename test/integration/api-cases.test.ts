import { type CaseApi, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

describe('API cases', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-cases');
    await t.deploy(fixtureXml('user-task'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (body: unknown, user = 'admin') =>
    t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await t.as(user))
      .send(body as object);
  const get = async (path: string, user = 'admin') =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.as(user));

  it('given a deployed process, when a case is created, then 201 and its workflow reaches the user task', async () => {
    const businessKey = uniqueKey('create');
    const res = await post({ processKey: 'user-task', businessKey, variables: { district: 'lixia' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      processKey: 'user-task',
      version: 1,
      businessKey,
      status: 'active',
    });
    const id = res.body.id as string;
    const detail = await t.eventually(
      () => get(`/cases/${id}`),
      (r) => (r.body.activeElements as string[]).includes('review'),
    );
    expect(detail.body).toMatchObject({
      id,
      processKey: 'user-task',
      version: 1,
      businessKey,
      status: 'active',
      activeElements: ['review'],
      variables: expect.objectContaining({ district: 'lixia', businessKey }),
      calendarProvisional: expect.any(Boolean),
    });
    expect(Date.parse(detail.body.createdAt)).not.toBeNaN();
    expect(Date.parse(detail.body.updatedAt)).not.toBeNaN();

    const fresh = await get(`/cases/${id}?fresh=true`);
    expect(fresh.status).toBe(200);
    expect(fresh.body.activeElements).toEqual(['review']);

    const history = await get(`/cases/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.length).toBeGreaterThan(0);
    expect(history.body[0]).toEqual(
      expect.objectContaining({
        seq: 1,
        at: expect.any(String),
        type: expect.any(String),
        data: expect.anything(),
      }),
    );
    const payments = await get(`/cases/${id}/payments`);
    expect(payments.status).toBe(200);
    expect(payments.body).toEqual([]);
  });

  it('given an existing business key, when created again, then 409', async () => {
    const businessKey = uniqueKey('dup');
    expect((await post({ processKey: 'user-task', businessKey, variables: {} })).status).toBe(201);
    const again = await post({ processKey: 'user-task', businessKey, variables: {} });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(again.body.message).toContain(businessKey);
  });

  it('given 20 identical requests in parallel, when they race, then exactly one case exists', async () => {
    const businessKey = uniqueKey('race');
    const body = { processKey: 'user-task', businessKey, variables: {} };
    const token = await t.as('admin');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.http().post('/api/v1/cases').set('Authorization', token).send(body)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const rows: unknown[] = await t.database.dataSource.query(
      'select id from cases where business_key = $1',
      [businessKey],
    );
    expect(rows).toHaveLength(1);
  });

  it('given a case started on version 1, when version 2 is deployed, then the case keeps version 1', async () => {
    const key = uniqueKey('pinned');
    const v1 = fixtureXml('user-task').replaceAll('"user-task"', `"${key}"`);
    expect(v1).toContain(key);
    const d1 = await t.deploy(v1);
    expect(d1.version).toBe(1);
    const created = await post({ processKey: key, businessKey: uniqueKey('pin'), variables: {} });
    expect(created.status).toBe(201);
    await t.deploy(v1.replace('</bpmn:process>', '<!-- v2 --></bpmn:process>'));
    const later = await post({ processKey: key, businessKey: uniqueKey('pin'), variables: {} });
    expect(later.body.version).toBe(2);
    expect((await get(`/cases/${created.body.id}`)).body.version).toBe(1);
    const explicit = await post({
      processKey: key,
      version: 1,
      businessKey: uniqueKey('pin'),
      variables: {},
    });
    expect(explicit.body.version).toBe(1);
  });

  it('given cases in two districts, when district reviewers read, then each sees only its own and others are 404', async () => {
    const lixia = await t.startCase('user-task', { district: 'lixia' });
    const shizhong = await t.startCase('user-task', { district: 'shizhong' });

    const own = await get(`/cases/${lixia.id}`, 'lixia-reviewer');
    expect(own.status).toBe(200);
    const other = await get(`/cases/${shizhong.id}`, 'lixia-reviewer');
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await get(`/cases/${shizhong.id}/history`, 'lixia-reviewer')).status).toBe(404);
    expect((await get(`/cases/${shizhong.id}/payments`, 'lixia-reviewer')).status).toBe(404);

    const list = await get('/cases?pageSize=200', 'lixia-reviewer');
    expect(list.status).toBe(200);
    const ids = (list.body.items as { id: string }[]).map((c) => c.id);
    expect(ids).toContain(lixia.id);
    expect(ids).not.toContain(shizhong.id);
    expect(
      (list.body.items as { variables: { district: string } }[]).every(
        (c) => c.variables.district === 'lixia',
      ),
    ).toBe(true);
    // Asking for another district does not widen the scope.
    const asked = await get('/cases?district=shizhong', 'lixia-reviewer');
    expect(asked.body).toEqual({ items: [], total: 0 });

    const city = await get('/cases?district=shizhong&pageSize=200', 'city-reviewer1');
    expect((city.body.items as { id: string }[]).map((c) => c.id)).toContain(shizhong.id);
  });

  it('given a district reviewer, when creating a case in another district, then 403', async () => {
    const res = await post(
      { processKey: 'user-task', businessKey: uniqueKey('x'), variables: { district: 'shizhong' } },
      'lixia-reviewer',
    );
    expect(res.status).toBe(403);
  });

  it('given several cases, when listing with filters and pages, then totals and pages agree', async () => {
    const key = uniqueKey('paged');
    const xml = fixtureXml('user-task').replaceAll('"user-task"', `"${key}"`);
    await t.deploy(xml);
    for (let i = 0; i < 5; i++) await t.startCase(key, { district: 'lixia' });
    // the workflows restamp 立案 (created_at, the sort key) on their own clock: page once they have started
    await t.eventually(
      () => get(`/cases?processKey=${key}&elementId=review&status=active`),
      (r) => r.body.total === 5,
    );
    const first = await get(`/cases?processKey=${key}&page=1&pageSize=2`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(5);
    expect(first.body.items).toHaveLength(2);
    const third = await get(`/cases?processKey=${key}&page=3&pageSize=2`);
    expect(third.body.items).toHaveLength(1);
    const all = new Set(
      [
        ...first.body.items,
        ...(await get(`/cases?processKey=${key}&page=2&pageSize=2`)).body.items,
        ...third.body.items,
      ].map((c: { id: string }) => c.id),
    );
    expect(all.size).toBe(5);

    const none = await get(`/cases?processKey=${key}&status=completed`);
    expect(none.body).toEqual({ items: [], total: 0 });
  });

  it('given bad input, when creating or listing, then 400 names the fields; unknown things are 404', async () => {
    // businessKey may be left out (it is generated), but not given empty
    const bad = await post({ processKey: '', businessKey: '', variables: 'x' });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'businessKey',
      'processKey',
      'variables',
    ]);
    const unknown = await post({ processKey: 'no-such-process', businessKey: 'b', variables: {} });
    expect(unknown.status).toBe(404);
    const badQuery = await get('/cases?status=sleeping&page=0');
    expect(badQuery.status).toBe(400);
    expect((badQuery.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'page',
      'status',
    ]);
    expect((await get('/cases/not-a-uuid')).status).toBe(404);
    expect((await get('/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('given no token, when reading cases, then 401', async () => {
    const res = await t.http().get('/api/v1/cases');
    expect(res.status).toBe(401);
  });
});
