// Issue 14 item 8: the bell. GET /notifications lists the caller's own outbox events (never another user's), newest
// first by workflow time; POST /notifications/:id/read and /notifications/read-all keep read state per user.
import { randomUUID } from 'node:crypto';
import { createCaseActivities } from '../../activities/case/case.activities';
import type { ReadModelBatch, ReadModelOp } from '../../activities/case/case-activity.types';
import { sweepOverdueTasks } from '../../notifications/enqueue-notification';
import { type TestApp, createTestApp } from '../support/app-harness';

interface Item {
  id: string;
  event: string;
  at: string;
  read: boolean;
  caseId: string;
  businessKey: string;
  taskName: string | null;
  data: Record<string, unknown>;
}
interface ListBody {
  items: Item[];
  total: number;
  unread: number;
}

describe('notifications API (the bell)', () => {
  let t: TestApp;
  const as = async (u: string) => `Bearer ${await t.token(u)}`;
  const list = async (u: string, query = '') => {
    const res = await t
      .http()
      .get(`/api/v1/notifications${query}`)
      .set('Authorization', await as(u));
    expect(res.status).toBe(200);
    return res.body as ListBody;
  };

  /** A case in `district` applied for by applicant1: a task assigned to lixia-reviewer, decided, then a payment. */
  async function caseWithEvents(district: string) {
    const caseId = randomUUID();
    const workflowId = `case-${caseId}`;
    const acts = createCaseActivities({ dataSource: t.database.dataSource });
    const apply = (ops: ReadModelOp[]) => acts.applyReadModel({ caseId, workflowId, ops } as ReadModelBatch);
    const day = (d: number) => `2031-03-0${d}T02:00:00.000Z`;
    await apply([
      {
        kind: 'ensureCase',
        processKey: 'bell',
        processVersion: 1,
        businessKey: `BELL-${caseId.slice(0, 8)}`,
        variables: { district, applicantId: 'applicant1' },
        at: day(1),
      },
      {
        kind: 'createTask',
        taskId: randomUUID(),
        key: '7',
        elementId: 'review',
        name: '区县初审',
        candidateGroups: ['district-reviewer'],
        assignee: 'lixia-reviewer',
        dueAt: day(2),
        processKey: 'bell',
        at: day(1),
      },
    ]);
    await apply([
      {
        kind: 'completeTask',
        key: '7',
        by: 'lixia-reviewer',
        decision: 'pass',
        comment: null,
        variables: {},
        at: day(3),
      },
    ]);
    await acts.runServiceTask({
      caseId,
      workflowId,
      key: '9',
      elementId: 'pay1',
      taskType: 'pay',
      headers: {},
      inputs: { tranche: 'first', amount: 8_000_000 },
      at: day(4),
    });
    return caseId;
  }

  beforeAll(async () => {
    t = await createTestApp('api-notifications');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given events of a case, when each user opens the bell, then each sees only their own, newest first, in workflow time', async () => {
    const caseId = await caseWithEvents('lixia');

    const applicant = await list('applicant1');
    const mine = applicant.items.filter((i) => i.caseId === caseId);
    expect(mine.map((i) => i.event)).toEqual(['payment-made', 'decision-made']);
    expect(mine[0]).toMatchObject({
      at: '2031-03-04T02:00:00.000Z',
      read: false,
      data: { amountFen: 8_000_000 },
    });
    expect(mine[1]).toMatchObject({ taskName: '区县初审', data: { decision: 'pass' } });

    const reviewer = await list('lixia-reviewer');
    expect(reviewer.items.filter((i) => i.caseId === caseId)).toEqual([
      expect.objectContaining({
        event: 'task-assigned',
        taskName: '区县初审',
        at: '2031-03-01T02:00:00.000Z',
      }),
    ]);

    // another applicant, another district's reviewer, an expert: nothing of this case
    for (const u of ['employer1', 'shizhong-reviewer', 'expert2'])
      expect((await list(u)).items.filter((i) => i.caseId === caseId)).toEqual([]);
  });

  it('given the wait for the list and the publicity period, when the applicant opens the bell, then the period starts once', async () => {
    const caseId = await caseWithEvents('lixia');
    const acts = createCaseActivities({ dataSource: t.database.dataSource });
    const history = (key: string, elementId: string): ReadModelOp => ({
      kind: 'history',
      idempotencyKey: key,
      type: 'element-activated',
      elementId,
      actor: null,
      data: {},
      at: '2031-03-05T02:00:00.000Z',
    });
    await acts.applyReadModel({
      caseId,
      workflowId: `case-${caseId}`,
      // J11b: the period (publicityPeriod) inside the publicity subprocess starts at the same instant
      ops: [history('h1', 'waitPublicity'), history('h2', 'publicity'), history('h3', 'publicityPeriod')],
    });
    const started = (await list('applicant1')).items.filter(
      (i) => i.caseId === caseId && i.event === 'publicity-started',
    );
    expect(started).toHaveLength(1);
  });

  it('given an overdue task without assignee, when the sweep runs, then its groups see it in their own district only', async () => {
    const caseId = randomUUID();
    const acts = createCaseActivities({ dataSource: t.database.dataSource });
    await acts.applyReadModel({
      caseId,
      workflowId: `case-${caseId}`,
      ops: [
        {
          kind: 'ensureCase',
          processKey: 'bell',
          processVersion: 1,
          businessKey: `BELL-${caseId.slice(0, 8)}`,
          variables: { district: 'shizhong', applicantId: 'applicant1' },
        },
        {
          kind: 'createTask',
          taskId: randomUUID(),
          key: '3',
          elementId: 'check',
          name: '形式审查',
          candidateGroups: ['district-reviewer'],
          assignee: null,
          dueAt: '2020-01-01T00:00:00.000Z',
          processKey: 'bell',
        },
      ],
    });
    await sweepOverdueTasks(t.database.dataSource);
    const overdue = (u: string) =>
      list(u).then((b) => b.items.filter((i) => i.caseId === caseId && i.event === 'task-overdue'));
    expect(await overdue('shizhong-reviewer')).toEqual([
      expect.objectContaining({ taskName: '形式审查', at: '2020-01-01T00:00:00.000Z' }),
    ]);
    expect(await overdue('lixia-reviewer')).toEqual([]);
    expect(await overdue('applicant1')).toEqual([]);
  });

  it('given unread notifications, when one is read and then all, then unread counts follow per user and ?unread=true lists the rest', async () => {
    const caseId = await caseWithEvents('lixia');
    const before = await list('applicant1');
    const [first, second] = before.items.filter((i) => i.caseId === caseId);
    expect(before.unread).toBeGreaterThanOrEqual(2);

    const res = await t
      .http()
      .post(`/api/v1/notifications/${first!.id}/read`)
      .set('Authorization', await as('applicant1'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: first!.id, read: true });
    const after = await list('applicant1', '?unread=true');
    expect(after.unread).toBe(before.unread - 1);
    expect(after.total).toBe(after.unread);
    expect(after.items.map((i) => i.id)).not.toContain(first!.id);
    expect(after.items.map((i) => i.id)).toContain(second!.id);

    const all = await t
      .http()
      .post('/api/v1/notifications/read-all')
      .set('Authorization', await as('applicant1'));
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ marked: before.unread - 1 });
    expect((await list('applicant1')).unread).toBe(0);
    // reading is per user: the reviewer's own task-assigned stays unread
    expect((await list('lixia-reviewer')).items.some((i) => i.caseId === caseId && !i.read)).toBe(true);
  });

  it("given someone else's notification, when another user marks it read, then 404 and it stays unread", async () => {
    const caseId = await caseWithEvents('lixia');
    const theirs = (await list('applicant1', '?unread=true')).items.find((i) => i.caseId === caseId)!;
    for (const u of ['lixia-reviewer', 'employer1', 'admin']) {
      const res = await t
        .http()
        .post(`/api/v1/notifications/${theirs.id}/read`)
        .set('Authorization', await as(u));
      expect(res.status).toBe(404);
    }
    expect((await list('applicant1', '?unread=true')).items.map((i) => i.id)).toContain(theirs.id);
  });

  it('given the OpenAPI document, when read, then it lists the three notification endpoints', async () => {
    const json = await t.http().get('/api/docs/openapi.json');
    expect(Object.keys(json.body.paths as object)).toEqual(
      expect.arrayContaining([
        '/api/v1/notifications',
        '/api/v1/notifications/read-all',
        '/api/v1/notifications/{id}/read',
      ]),
    );
  });

  it('given bad input or no token, when calling, then 400 naming the field or 401, and nothing changes', async () => {
    const auth = await as('applicant1');
    const unread = (await list('applicant1')).unread;
    const bad = await t.http().post('/api/v1/notifications/not-a-uuid/read').set('Authorization', auth);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('id');
    for (const q of ['?unread=maybe', '?pageSize=1000', '?page=0']) {
      const res = await t.http().get(`/api/v1/notifications${q}`).set('Authorization', auth);
      expect(res.status).toBe(400);
    }
    expect((await t.http().get('/api/v1/notifications')).status).toBe(401);
    expect((await t.http().post('/api/v1/notifications/read-all')).status).toBe(401);
    expect((await list('applicant1')).unread).toBe(unread);
  });
});
