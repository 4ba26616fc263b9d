import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

interface TaskBody {
  id: string;
  caseId: string;
  elementId: string;
  assignee: string | null;
  state: string;
  candidateGroups: string[];
}

describe('API tasks', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-tasks');
    for (const f of ['user-task', 'user-task-four-eyes', 'user-task-conflict-of-interest'])
      await t.deploy(fixtureXml(f));
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = async (
    id: string,
    what: 'claim' | 'unclaim' | 'complete',
    user: string,
    body?: object,
    key?: string,
  ) => {
    const req = t
      .http()
      .post(`/api/v1/tasks/${id}/${what}`)
      .set('Authorization', await t.as(user));
    if (key) void req.set('Idempotency-Key', key);
    return req.send(body ?? {});
  };
  const inbox = async (query: string, user: string) =>
    t
      .http()
      .get(`/api/v1/tasks?${query}`)
      .set('Authorization', await t.as(user));

  async function reviewTask(district = 'lixia', variables: Record<string, unknown> = {}) {
    const c = await t.startCase('user-task', { district, ...variables });
    // The due date is computed outside the workflow and lands just after the task row.
    const [task] = await t.eventually(
      () => t.openTasks(c.id, 'city-reviewer1') as Promise<{ id: string; dueAt?: string | null }[]>,
      (tasks) => typeof tasks[0]?.dueAt === 'string',
    );
    if (!task) throw new Error('no task');
    return { caseId: c.id, taskId: task.id, businessKey: c.businessKey };
  }

  it('given an open task, when candidates and others read the inbox, then only candidates of that district see it', async () => {
    const { caseId, taskId, businessKey } = await reviewTask('lixia', { applicantName: '张伟' });
    const city = await inbox(`caseId=${caseId}`, 'city-reviewer1');
    expect(city.status).toBe(200);
    expect(city.body.total).toBe(1);
    expect(city.body.items[0]).toEqual({
      id: taskId,
      caseId,
      elementId: 'review',
      name: 'review',
      candidateGroups: ['district-reviewer', 'city-reviewer'],
      assignee: null,
      createdAt: expect.any(String),
      dueAt: expect.any(String),
      state: 'open',
      // Additive case fields, so an inbox row needs no GET /cases/:id.
      businessKey,
      processKey: 'user-task',
      caseStatus: 'active',
      applicantName: '张伟',
    });
    expect((await inbox(`caseId=${caseId}`, 'lixia-reviewer')).body.total).toBe(1);
    expect((await inbox(`caseId=${caseId}`, 'shizhong-reviewer')).body.total).toBe(0);
    expect((await inbox(`caseId=${caseId}`, 'expert1')).body.total).toBe(0);
    expect((await inbox(`caseId=${caseId}`, 'applicant1')).body.total).toBe(0);
    // Cross-district actions look like a missing task.
    expect((await act(taskId, 'claim', 'shizhong-reviewer')).status).toBe(404);
  });

  it('given tasks of several cases, when listed open and completed, then each item carries its own case key, procedure and status', async () => {
    const a = await reviewTask('shizhong', { applicantName: '李娜' });
    const b = await reviewTask('shizhong');
    const other = await t.startCase('user-task-four-eyes', { district: 'shizhong' });
    await t.eventually(
      () => t.openTasks(other.id, 'city-reviewer1'),
      (tasks) => tasks.length > 0,
    );
    type Item = TaskBody & {
      dueAt: string | null;
      businessKey: string;
      processKey: string;
      caseStatus: string;
      applicantName: string | null;
    };
    const open = (await inbox('pageSize=200', 'city-reviewer1')).body.items as Item[];
    const byCase = new Map(open.map((x) => [x.caseId, x]));
    expect(byCase.get(a.caseId)).toMatchObject({
      businessKey: a.businessKey,
      processKey: 'user-task',
      caseStatus: 'active',
    });
    expect(byCase.get(b.caseId)?.businessKey).toBe(b.businessKey);
    // A case without the variable has no applicant name (null, not a missing field).
    expect(byCase.get(b.caseId)?.applicantName).toBeNull();
    expect(byCase.get(a.caseId)?.applicantName).toBe('李娜');
    expect(byCase.get(other.id)).toMatchObject({
      businessKey: other.businessKey,
      processKey: 'user-task-four-eyes',
    });
    // Still ordered by due date (no deadline last) after the join.
    const due = open.map((x) => x.dueAt ?? '~');
    expect(due).toEqual([...due].sort());

    // The last task done, the case ends: the completed list shows the case's new status.
    const done = await act(a.taskId, 'complete', 'city-reviewer1', { variables: { decision: 'pass' } });
    expect(done.status).toBe(200);
    const completed = await t.eventually(
      async () => (await inbox(`state=completed&caseId=${a.caseId}`, 'city-reviewer1')).body.items as Item[],
      (items) => items[0]?.caseStatus === 'completed',
    );
    expect(completed[0]).toMatchObject({ id: a.taskId, businessKey: a.businessKey, state: 'completed' });
  });

  it('given the OpenAPI document, when read, then GET /tasks documents the additive case fields', async () => {
    const doc = await t.http().get('/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    const schemas = doc.body.components.schemas;
    const ref = (s: { $ref: string }) => schemas[s.$ref.replace('#/components/schemas/', '')];
    const page = ref(doc.body.paths['/api/v1/tasks'].get.responses['200'].content['application/json'].schema);
    expect(Object.keys(ref(page.properties.items.items).properties)).toEqual(
      expect.arrayContaining([
        'id',
        'caseId',
        'dueAt',
        'state',
        'businessKey',
        'processKey',
        'caseStatus',
        'applicantName',
      ]),
    );
  });

  it('given several open tasks, when listed, then they come sorted by due date and paged', async () => {
    for (let i = 0; i < 3; i++) await reviewTask('shizhong');
    const page = await inbox('processKey=user-task&elementId=review&pageSize=2', 'city-reviewer1');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    const all = await inbox('processKey=user-task&pageSize=200', 'city-reviewer1');
    const dues = (all.body.items as { dueAt: string }[]).map((x) => Date.parse(x.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    const bad = await inbox('state=closed&mine=maybe', 'city-reviewer1');
    expect(bad.status).toBe(400);
  });

  it('given a task, when claimed and unclaimed, then the assignee follows and mine=true lists it', async () => {
    const { taskId, caseId } = await reviewTask();
    const claimed = await act(taskId, 'claim', 'city-reviewer1');
    expect(claimed.status).toBe(200);
    expect((claimed.body as TaskBody).assignee).toBe('city-reviewer1');
    const mine = await inbox('mine=true', 'city-reviewer1');
    expect((mine.body.items as TaskBody[]).map((x) => x.id)).toContain(taskId);
    // Claimed by someone else: the other candidate no longer sees it and cannot take it.
    expect((await inbox(`caseId=${caseId}`, 'lixia-reviewer')).body.total).toBe(0);
    expect((await act(taskId, 'claim', 'lixia-reviewer')).status).toBe(403);
    expect((await act(taskId, 'unclaim', 'lixia-reviewer')).status).toBe(403);
    const released = await act(taskId, 'unclaim', 'city-reviewer1');
    expect(released.status).toBe(200);
    expect((released.body as TaskBody).assignee).toBeNull();
  });

  it('given a task with decisions, when completed with a missing or bad decision, then 400; with a good one, 200', async () => {
    const { taskId, caseId } = await reviewTask();
    const missing = await act(taskId, 'complete', 'city-reviewer1', { variables: {} });
    expect(missing.status).toBe(400);
    const bogus = await act(taskId, 'complete', 'city-reviewer1', { variables: { decision: 'maybe' } });
    expect(bogus.status).toBe(400);
    expect(bogus.body.message).toContain('maybe');
    // orgdept1 sees every case but is no candidate of the review (expert1 would not even see the case: 404).
    expect((await act(taskId, 'complete', 'orgdept1', { variables: { decision: 'pass' } })).status).toBe(403);

    const done = await act(taskId, 'complete', 'city-reviewer1', {
      variables: { decision: 'pass' },
      comment: 'ok',
    });
    expect(done.status).toBe(200);
    expect(done.body.task).toMatchObject({ id: taskId, caseId, state: 'completed' });
    expect(done.body.case).toMatchObject({ id: caseId, processKey: 'user-task' });
    expect(done.body.case.variables).toMatchObject({ decision: 'pass' });
    const history = await t
      .http()
      .get(`/api/v1/cases/${caseId}/history`)
      .set('Authorization', await t.as('admin'));
    expect(history.body).toContainEqual(
      expect.objectContaining({
        type: 'task-completed',
        actor: 'city-reviewer1',
        data: expect.objectContaining({ comment: 'ok' }),
      }),
    );

    const again = await act(taskId, 'complete', 'city-reviewer1', { variables: { decision: 'pass' } });
    expect(again.status).toBe(409);
    const completed = await inbox('state=completed', 'city-reviewer1');
    expect((completed.body.items as TaskBody[]).map((x) => x.id)).toContain(taskId);
  });

  it('given two completions at once, when they race, then one 200 and one 409', async () => {
    const { taskId } = await reviewTask();
    const body = { variables: { decision: 'pass' } };
    const [a, b] = await Promise.all([
      act(taskId, 'complete', 'city-reviewer1', body),
      act(taskId, 'complete', 'lixia-reviewer', body),
    ]);
    expect([a?.status, b?.status].sort()).toEqual([200, 409]);
  });

  it('given an Idempotency-Key, when the completion is retried, then the same answer and nothing changes', async () => {
    const { taskId, caseId } = await reviewTask();
    const body = { variables: { decision: 'return' } };
    const first = await act(taskId, 'complete', 'city-reviewer1', body, `k-${taskId}`);
    expect(first.status).toBe(200);
    const historyBefore = await t
      .http()
      .get(`/api/v1/cases/${caseId}/history`)
      .set('Authorization', await t.as('admin'));
    const retry = await act(taskId, 'complete', 'city-reviewer1', body, `k-${taskId}`);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const historyAfter = await t
      .http()
      .get(`/api/v1/cases/${caseId}/history`)
      .set('Authorization', await t.as('admin'));
    expect(historyAfter.body).toEqual(historyBefore.body);
    // The key with another request is refused, a new key meets the closed task.
    const other = await act(
      taskId,
      'complete',
      'city-reviewer1',
      { variables: { decision: 'pass' } },
      `k-${taskId}`,
    );
    expect(other.status).toBe(409);
    expect(other.body.message).toContain('Idempotency-Key');
    expect((await act(taskId, 'complete', 'city-reviewer1', body, `k2-${taskId}`)).status).toBe(409);
  });

  it('given the same Idempotency-Key twice at once, when both run, then both get the one answer', async () => {
    const { taskId } = await reviewTask();
    const body = { variables: { decision: 'pass' } };
    const [a, b] = await Promise.all([
      act(taskId, 'complete', 'city-reviewer1', body, `twin-${taskId}`),
      act(taskId, 'complete', 'city-reviewer1', body, `twin-${taskId}`),
    ]);
    expect([a?.status, b?.status]).toEqual([200, 200]);
    expect(a?.body).toEqual(b?.body);
  });

  it('given a refused completion with a key, when retried correctly with the same key, then it is not stuck', async () => {
    const { taskId } = await reviewTask();
    const bad = await act(taskId, 'complete', 'city-reviewer1', { variables: {} }, `fix-${taskId}`);
    expect(bad.status).toBe(400);
    const sameBad = await act(taskId, 'complete', 'city-reviewer1', { variables: {} }, `fix-${taskId}`);
    expect(sameBad.status).toBe(400);
  });

  it('given four-eyes, when the first reviewer approves too, then 403', async () => {
    const c = await t.startCase('user-task-four-eyes', {});
    const [first] = await t.openTasks(c.id, 'city-reviewer1');
    expect((await act(first!.id, 'complete', 'city-reviewer1', { variables: {} })).status).toBe(200);
    // Read from the read model: the inbox of the only city reviewer no longer offers it.
    const approve = await t.eventually(
      (): Promise<{ id: string }[]> =>
        t.database.dataSource.query(
          `SELECT id FROM tasks WHERE case_id = $1 AND element_id = 'approve' AND state = 'open'`,
          [c.id],
        ),
      (rows) => rows.length === 1,
    );
    // The inbox does not offer the first reviewer what four-eyes forbids them.
    expect((await inbox(`caseId=${c.id}`, 'city-reviewer1')).body.total).toBe(0);
    const res = await act(approve[0]!.id, 'complete', 'city-reviewer1', { variables: {} });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/firstReview|four|distinct/i);
  });

  it('given a conflict of interest, when the affiliated expert acts, then 403; another expert may', async () => {
    const c = await t.startCase('user-task-conflict-of-interest', { employerId: 'org-1' });
    const [score] = await t.openTasks(c.id, 'expert2');
    expect((await act(score!.id, 'claim', 'expert1')).status).toBe(403);
    expect((await act(score!.id, 'complete', 'expert1', { variables: {} })).status).toBe(403);
    expect((await act(score!.id, 'complete', 'expert2', { variables: { score: 90 } })).status).toBe(200);
  });

  it('given unknown ids, when acting, then 404', async () => {
    expect((await act('nope', 'claim', 'admin')).status).toBe(404);
    expect((await act('00000000-0000-4000-8000-000000000000', 'complete', 'admin', {})).status).toBe(404);
  });
});
