// Camunda REST v2 process instances, user tasks and incidents mapped onto reviewflow's cases, tasks and incidents
// (issue 15 item 1), with reviewflow's authorization: case visibility, cancel roles, the inbox, four eyes, conflict
// of interest, what a step may write, admin-only incidents; and Camunda's own npm client reading and completing.
import type { AddressInfo } from 'node:net';
import createCamundaClient from '@camunda8/orchestration-cluster-api';
import { type CaseApi, createCaseApi, fixtureXml, uniqueKey } from './api-cases-support';

interface Page<T> {
  items: T[];
  page: { totalItems: number; startCursor: string | null; endCursor: string | null };
}
interface Instance {
  processInstanceKey: string;
  processDefinitionId: string;
  state: string;
  hasIncident: boolean;
  businessId: string;
  endDate: string | null;
}
interface UserTask {
  userTaskKey: string;
  elementId: string;
  state: string;
  assignee: string | null;
  processInstanceKey: string;
  processDefinitionVersion: number;
}
interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  errorType: string;
  elementId: string;
  state: string;
}

describe('API: Camunda REST v2 process instances, user tasks and incidents', () => {
  let t: CaseApi;
  let base: string;

  beforeAll(async () => {
    t = await createCaseApi('api-camunda-v2');
    for (const f of [
      'message-catch',
      'user-task-four-eyes',
      'user-task-writes',
      'user-task-conflict-of-interest',
      'exclusive-no-match',
    ])
      await t.deploy(fixtureXml(f));
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (path: string, body: unknown, user = 'admin') =>
    t
      .http()
      .post(path)
      .set('Authorization', await t.as(user))
      .send(body as object);
  const get = async (path: string, user = 'admin') =>
    t
      .http()
      .get(path)
      .set('Authorization', await t.as(user));
  const instances = async (body: unknown, user = 'admin') => {
    const res = await post('/v2/process-instances/search', body, user);
    expect(res.status).toBe(200);
    return res.body as Page<Instance>;
  };
  /** The official client as an integrator holding a reviewflow user token would configure it. */
  const officialClient = async (user: string) => {
    const auth = await t.as(user);
    return createCamundaClient({
      config: { CAMUNDA_REST_ADDRESS: base, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_LOG_LEVEL: 'silent' },
      fetch: (input, init) => {
        const req = new Request(input, init);
        req.headers.set('Authorization', auth);
        return fetch(req);
      },
    } as Parameters<typeof createCamundaClient>[0]);
  };

  it('given cases in two districts, when a district reviewer searches and gets process instances, then only their district is shown; paging and cursors walk the rest', async () => {
    // given
    const a = await t.startCase('message-catch', { district: 'lixia' });
    const b = await t.startCase('message-catch', { district: 'lixia' });
    const other = await t.startCase('message-catch', { district: 'shizhong' });
    const mine = [a.id, b.id];
    // when: the district reviewer searches all active message-catch cases
    const seen = await t.eventually(
      () =>
        instances(
          { filter: { processDefinitionId: 'message-catch', state: 'ACTIVE' }, page: { limit: 1000 } },
          'lixia-reviewer',
        ),
      (p) => mine.every((id) => p.items.some((i) => i.processInstanceKey === id)),
    );
    // then
    expect(seen.items.map((i) => i.processInstanceKey)).not.toContain(other.id);
    expect(seen.items.find((i) => i.processInstanceKey === a.id)).toMatchObject({
      processDefinitionId: 'message-catch',
      processDefinitionVersion: expect.any(Number),
      processDefinitionKey: expect.stringMatching(/^message-catch:\d+$/),
      state: 'ACTIVE',
      hasIncident: false,
      businessId: a.businessKey,
      tenantId: '<default>',
      endDate: null,
    });
    expect((await get(`/v2/process-instances/${a.id}`, 'lixia-reviewer')).body).toMatchObject({
      processInstanceKey: a.id,
      state: 'ACTIVE',
    });
    const hidden = await get(`/v2/process-instances/${other.id}`, 'lixia-reviewer');
    expect(hidden.status).toBe(404);
    const byKey = async (key: string, state = 'ACTIVE') =>
      (await instances({ filter: { processInstanceKey: key, state } }, 'lixia-reviewer')).items.map(
        (i) => i.processInstanceKey,
      );
    expect(await byKey(a.id)).toEqual([a.id]);
    expect(await byKey(other.id)).toEqual([]);
    expect(await byKey(a.id, 'COMPLETED')).toEqual([]);
    // and: businessId filters exactly; sort and page {from, limit}, then the cursor, walk the two cases in order
    const byBusiness = await instances({ filter: { businessId: { $eq: b.businessKey } } });
    expect(byBusiness.items.map((i) => i.processInstanceKey)).toEqual([b.id]);
    const both = { filter: { processDefinitionId: 'message-catch' }, sort: [{ field: 'businessId' }] };
    const all = await instances({ ...both, page: { limit: 1000 } }, 'lixia-reviewer');
    const first = await instances({ ...both, page: { from: 0, limit: 1 } }, 'lixia-reviewer');
    expect(first.items).toHaveLength(1);
    expect(first.page.totalItems).toBe(all.items.length);
    const next = await instances(
      { ...both, page: { after: first.page.endCursor, limit: 1 } },
      'lixia-reviewer',
    );
    const shifted = await instances({ ...both, page: { from: 1, limit: 1 } }, 'lixia-reviewer');
    expect(next.items[0]?.processInstanceKey).toBe(all.items[1]?.processInstanceKey);
    expect(shifted.items).toEqual(next.items);
  });

  it('given a running case, when it is cancelled through v2, then only the cancel roles may, it ends TERMINATED, and a second cancellation is 409', async () => {
    const c = await t.startCase('message-catch', { district: 'lixia' });
    // the workflow is waiting for its message (a case whose workflow has not started yet cannot be cancelled)
    await t.eventually(
      () => get(`/api/v1/cases/${c.id}`),
      (r) => ((r.body as { activeElements?: string[] }).activeElements ?? []).includes('published'),
    );
    // when a district reviewer (who sees it) tries: the v1 cancel roles apply
    const refused = await post(`/v2/process-instances/${c.id}/cancellation`, {}, 'lixia-reviewer');
    expect(refused.status).toBe(403);
    // when the organization department cancels with an operation reference
    const ok = await post(
      `/v2/process-instances/${c.id}/cancellation`,
      { operationReference: 42 },
      'orgdept1',
    );
    expect(ok.status).toBe(204);
    // then
    const got = (await get(`/v2/process-instances/${c.id}`)).body as Instance;
    expect(got.state).toBe('TERMINATED');
    expect(got.endDate).not.toBeNull();
    const terminated = await instances({ filter: { businessId: c.businessKey, state: 'TERMINATED' } });
    expect(terminated.items.map((i) => i.processInstanceKey)).toEqual([c.id]);
    const history = (await get(`/api/v1/cases/${c.id}/history`)).body as { type: string; data?: unknown }[];
    expect(JSON.stringify(history.filter((h) => h.type === 'case-terminated'))).toContain('operation 42');
    const again = await post(`/v2/process-instances/${c.id}/cancellation`, null, 'orgdept1');
    expect(again.status).toBe(409);
    // a problem detail (RFC 9457) that still carries reviewflow's code
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({
      type: 'about:blank',
      title: 'CASE_NOT_ACTIVE',
      status: 409,
      detail: expect.stringContaining(c.id),
      instance: `/v2/process-instances/${c.id}/cancellation`,
      code: 'CASE_NOT_ACTIVE',
    });
    const unknown = await post(
      '/v2/process-instances/00000000-0000-4000-8000-000000000000/cancellation',
      {},
      'orgdept1',
    );
    expect(unknown.status).toBe(404);
  });

  it('given bad searches or callers, when they reach the v2 search endpoints, then 400 names the field, 401 without a token, 403 for a job client', async () => {
    const unsupported = await post('/v2/process-instances/search', {
      filter: { parentProcessInstanceKey: 'x' },
    });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.details).toEqual([
      expect.objectContaining({ field: 'filter.parentProcessInstanceKey' }),
    ]);
    const operator = await post('/v2/process-instances/search', {
      filter: { processDefinitionId: { $like: 'msg*' } },
    });
    expect(operator.status).toBe(400);
    expect(JSON.stringify(operator.body.details)).toContain('filter.processDefinitionId');
    const sort = await post('/v2/user-tasks/search', { sort: [{ field: 'priority' }] });
    expect(sort.status).toBe(400);
    expect(sort.body.details[0].field).toBe('sort.0.field');
    const state = await post('/v2/user-tasks/search', { filter: { state: 'CANCELED' } });
    expect(state.status).toBe(400);
    expect(state.body.code).toBe('FILTER_UNSUPPORTED');
    expect(state.body.details[0].field).toBe('filter.state');
    const limit = await post('/v2/incidents/search', { page: { limit: 5000 } });
    expect(limit.status).toBe(400);
    expect(limit.body.details[0].field).toMatch(/^page/);
    const cursor = await post('/v2/process-instances/search', { page: { after: 'bm9wZQ' } });
    expect(cursor.status).toBe(400);
    expect(cursor.body.code).toBe('CURSOR_INVALID');
    const anonymous = await t.http().post('/v2/process-instances/search').send({});
    expect(anonymous.status).toBe(401);
    const created = await post('/api/v1/clients', { name: uniqueKey('v2'), jobTypes: ['credit-check'] });
    const token = await t.http().post('/api/v1/oauth/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: created.body.clientId,
      client_secret: created.body.clientSecret,
    });
    const worker = await t
      .http()
      .post('/v2/user-tasks/search')
      .set('Authorization', `Bearer ${token.body.access_token}`)
      .send({});
    expect(worker.status).toBe(403);
    expect(worker.body.code).toBe('CLIENT_NOT_ALLOWED');
  });

  it('given a four-eyes case, when the official client searches, claims, unassigns and completes the first review, then the same reviewer may not take the approval (FOUR_EYES)', async () => {
    // given
    const c = await t.startCase('user-task-four-eyes', {});
    const camunda = await officialClient('city-reviewer1');
    // when: Camunda's client searches the inbox for the case's task
    const found = await t.eventually(
      () =>
        camunda.searchUserTasks({ filter: { processInstanceKey: c.id } } as never, {
          consistency: { waitUpToMs: 0 },
        }),
      (r) => r.items.length === 1,
    );
    const first = found.items[0] as unknown as UserTask;
    expect(first).toMatchObject({
      elementId: 'firstReview',
      state: 'CREATED',
      assignee: null,
      processInstanceKey: c.id,
      processDefinitionId: 'user-task-four-eyes',
      processDefinitionVersion: expect.any(Number),
    });
    await camunda.assignUserTask({ userTaskKey: first.userTaskKey, assignee: 'city-reviewer1' } as never);
    const claimed = await get(`/v2/user-tasks/${first.userTaskKey}`, 'city-reviewer1');
    expect(claimed.body).toMatchObject({ assignee: 'city-reviewer1', state: 'CREATED' });
    await camunda.unassignUserTask({ userTaskKey: first.userTaskKey } as never);
    expect((await get(`/v2/user-tasks/${first.userTaskKey}`, 'city-reviewer1')).body).toMatchObject({
      assignee: null,
    });
    await camunda.assignUserTask({ userTaskKey: first.userTaskKey, assignee: 'city-reviewer1' } as never);
    const mineOnly = (
      await post(
        '/v2/user-tasks/search',
        { filter: { assignee: 'city-reviewer1', processInstanceKey: c.id } },
        'city-reviewer1',
      )
    ).body as Page<UserTask>;
    expect(mineOnly.items.map((x) => x.userTaskKey)).toEqual([first.userTaskKey]);
    await camunda.completeUserTask({ userTaskKey: first.userTaskKey, variables: {} } as never);
    // then: the read model shows it completed by the caller; completing again is a conflict
    const done = await get(`/v2/user-tasks/${first.userTaskKey}`, 'city-reviewer1');
    expect(done.body).toMatchObject({ state: 'COMPLETED', completionDate: expect.any(String) });
    const twice = await post(`/v2/user-tasks/${first.userTaskKey}/completion`, {}, 'city-reviewer1');
    expect(twice.status).toBe(409);
    // the approval is not in the first reviewer's inbox (rf:distinctFrom), but exists
    const approveId = await t.eventually(
      async () =>
        (
          (await t.database.dataSource.query(
            `SELECT id FROM tasks WHERE case_id = $1 AND element_id = 'approve'`,
            [c.id],
          )) as { id: string }[]
        )[0]?.id,
      (id) => id !== undefined,
    );
    const approve = { id: approveId! };
    const inbox = (
      await post('/v2/user-tasks/search', { filter: { processInstanceKey: c.id } }, 'city-reviewer1')
    ).body as Page<UserTask>;
    expect(inbox.items).toEqual([]);
    // reviewflow checks four eyes when the task is completed: the claim passes, the completion is refused
    const claim = await post(
      `/v2/user-tasks/${approve.id}/assignment`,
      { assignee: 'city-reviewer1' },
      'city-reviewer1',
    );
    expect(claim.status).toBe(204);
    const fourEyes = await post(
      `/v2/user-tasks/${approve.id}/completion`,
      { variables: {} },
      'city-reviewer1',
    );
    expect(fourEyes.status).toBe(403);
    expect(fourEyes.body.code).toBe('FOUR_EYES');
    // and through Camunda's client: its error carries the status and, as title, reviewflow's code
    await expect(
      camunda.completeUserTask({ userTaskKey: approve.id, variables: {} } as never),
    ).rejects.toMatchObject({ status: 403, title: 'FOUR_EYES' });
    // and: assigning someone else is refused by name, taking over another's claim is a conflict
    const other = await post(`/v2/user-tasks/${approve.id}/assignment`, { assignee: 'expert1' }, 'admin');
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ code: 'ASSIGNEE_NOT_CALLER', details: [{ field: 'assignee' }] });
    const missing = await post(`/v2/user-tasks/${approve.id}/assignment`, {}, 'admin');
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].field).toBe('assignee');
    const takeOver = await post(
      `/v2/user-tasks/${approve.id}/assignment`,
      { assignee: 'admin', allowOverride: true },
      'admin',
    );
    expect(takeOver.status).toBe(409);
    expect(takeOver.body.code).toBe('TASK_ALREADY_ASSIGNED');
    const unassign = await t
      .http()
      .delete(`/v2/user-tasks/${approve.id}/assignee`)
      .set('Authorization', await t.as('city-reviewer1'));
    expect(unassign.status).toBe(204);
  });

  it('given a step that writes note and amount with decisions pass/reject, when completed through v2, then action is the decision and what the step may not write is refused naming the field', async () => {
    const c = await t.startCase('user-task-writes', {});
    const [task] = await t.openTasks(c.id, 'city-reviewer1');
    const key = task!.id;
    const notWritable = await post(
      `/v2/user-tasks/${key}/completion`,
      { variables: { note: 'ok', salary: 1 }, action: 'pass' },
      'city-reviewer1',
    );
    expect(notWritable.status).toBe(400);
    expect(JSON.stringify(notWritable.body)).toContain('salary');
    const badDecision = await post(
      `/v2/user-tasks/${key}/completion`,
      { variables: { note: 'ok' }, action: 'maybe' },
      'city-reviewer1',
    );
    expect(badDecision.status).toBe(400);
    expect(badDecision.body.code).toBe('DECISION_NOT_ALLOWED');
    const ok = await post(
      `/v2/user-tasks/${key}/completion`,
      { variables: { note: 'ok', amount: 3 }, action: 'pass' },
      'city-reviewer1',
    );
    expect(ok.status).toBe(204);
    const kase = await t.eventually(
      () => get(`/api/v1/cases/${c.id}`),
      (r) => (r.body as { status: string }).status === 'completed',
    );
    expect((kase.body as { variables: Record<string, unknown> }).variables).toMatchObject({
      decision: 'pass',
      note: 'ok',
      amount: 3,
    });
    const missing = await post('/v2/user-tasks/00000000-0000-4000-8000-000000000000/completion', {});
    expect(missing.status).toBe(404);
  });

  it('given a task that excludes the employer, when an expert of that employer gets it, then 403 CONFLICT_OF_INTEREST; another expert sees it in the v2 inbox', async () => {
    const c = await t.startCase('user-task-conflict-of-interest', { employerId: 'org-1' });
    const [task] = await t.openTasks(c.id, 'expert2');
    const refused = await get(`/v2/user-tasks/${task!.id}`, 'expert1');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CONFLICT_OF_INTEREST');
    const inbox = (
      await post(
        '/v2/user-tasks/search',
        { filter: { processDefinitionId: 'user-task-conflict-of-interest', elementId: 'score' } },
        'expert1',
      )
    ).body as Page<UserTask>;
    expect(inbox.items.map((x) => x.processInstanceKey)).not.toContain(c.id);
    const other = (
      await post(
        '/v2/user-tasks/search',
        { filter: { processInstanceKey: c.id }, sort: [{ field: 'creationDate', order: 'DESC' }] },
        'expert2',
      )
    ).body as Page<UserTask>;
    expect(other.items.map((x) => x.userTaskKey)).toEqual([task!.id]);
  });

  it('given a case with an incident, when an admin searches and resolves incidents through v2 (and the official client), then they map onto the incidents API; others are refused', async () => {
    const c = await t.startCase('exclusive-no-match', { score: 70 });
    const camunda = await officialClient('admin');
    const found = await t.eventually(
      () =>
        camunda.searchIncidents({ filter: { processInstanceKey: c.id } } as never, {
          consistency: { waitUpToMs: 0 },
        }),
      (r) => r.items.length === 1,
    );
    const incident = found.items[0] as unknown as Incident;
    expect(incident).toMatchObject({
      processInstanceKey: c.id,
      elementId: 'decide',
      errorType: 'CONDITION_ERROR',
      state: 'ACTIVE',
    });
    expect(incident.incidentKey.startsWith(`${c.id}.`)).toBe(true);
    const failed = (await get(`/v2/process-instances/${c.id}`)).body as Instance;
    expect(failed).toMatchObject({ state: 'ACTIVE', hasIncident: true });
    // refusals
    const notAdmin = await post('/v2/incidents/search', {}, 'city-reviewer1');
    expect(notAdmin.status).toBe(403);
    const resolved = await post('/v2/incidents/search', { filter: { state: 'RESOLVED' } });
    expect(resolved.status).toBe(400);
    expect(resolved.body.details[0].field).toBe('filter.state');
    const malformed = await post('/v2/incidents/nope/resolution', {});
    expect(malformed.status).toBe(404);
    const wrongKey = await post(`/v2/incidents/${c.id}.999/resolution`, {});
    expect(wrongKey.status).toBe(409);
    expect(wrongKey.body.code).toBe('NO_INCIDENT');
    // when: resolved; the gateway runs again, and with score still 70 a new incident is raised
    await camunda.resolveIncident({ incidentKey: incident.incidentKey } as never);
    const again = await t.eventually(
      () => post('/v2/incidents/search', { filter: { processInstanceKey: c.id } }),
      (r) => (r.body as Page<Incident>).items.some((i) => i.incidentKey !== incident.incidentKey),
    );
    expect((again.body as Page<Incident>).items).toHaveLength(1);
    const history = (await get(`/api/v1/cases/${c.id}/history`)).body as { type: string }[];
    expect(history.map((h) => h.type)).toContain('incident-resolved');
  });
});
