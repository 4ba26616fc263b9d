// The case activities enqueue one outbox row per notification event, however often they are retried.
import { randomUUID } from 'node:crypto';
import { createCaseActivities } from '../../activities/case/case.activities';
import type { ReadModelBatch, ReadModelOp } from '../../activities/case/case-activity.types';
import { sweepOverdueTasks } from '../../notifications/enqueue-notification';
import { type TestDatabase, createTestDatabase } from '../support/test-database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('notifications-events');
});
afterAll(async () => {
  await db?.drop();
});

interface Outbox {
  template: string;
  recipient: string;
  channel: string;
  payload: Record<string, unknown>;
  idempotency_key: string;
}

async function outboxOf(caseId: string): Promise<Outbox[]> {
  return db.dataSource.query(
    `SELECT template, recipient, channel, payload, idempotency_key FROM notifications WHERE case_id = $1
     ORDER BY created_at, template`,
    [caseId],
  );
}

/** A fresh case with its row written, as the workflow's first batch does. */
async function newCase() {
  const caseId = randomUUID();
  const workflowId = `case-${caseId}`;
  const activities = createCaseActivities({ dataSource: db.dataSource });
  const apply = (ops: ReadModelOp[]) =>
    activities.applyReadModel({ caseId, workflowId, ops } as ReadModelBatch);
  await apply([
    {
      kind: 'ensureCase',
      processKey: 'notify-events',
      processVersion: 1,
      businessKey: caseId,
      variables: {},
    },
  ]);
  return { caseId, workflowId, activities, apply };
}

const task = (key: string, assignee: string | null, dueAt: string | null = null): ReadModelOp => ({
  kind: 'createTask',
  taskId: randomUUID(),
  key,
  elementId: 'review',
  name: 'Review',
  candidateGroups: ['city-reviewer'],
  assignee,
  dueAt,
  processKey: 'notify-events',
});

describe('task events', () => {
  it('given a task created with an assignee, when the batch is applied twice, then one task-assigned row', async () => {
    const { caseId, workflowId, apply } = await newCase();
    const ops = [task('7', 'alice')];

    await apply(ops);
    await apply(ops);

    const rows = await outboxOf(caseId);
    expect(rows).toEqual([
      expect.objectContaining({
        template: 'task-assigned',
        recipient: 'alice',
        channel: 'inbox',
        idempotency_key: `${workflowId}:7:task-assigned`,
      }),
    ]);
  });

  it('given an unassigned task, when claimed (retried) then completed with a decision (retried), then one row each', async () => {
    const { caseId, apply } = await newCase();
    await apply([task('9', null)]);
    expect(await outboxOf(caseId)).toEqual([]);

    const claim: ReadModelOp = { kind: 'claimTask', key: '9', assignee: 'bob' };
    await apply([claim]);
    await apply([claim]);
    const complete: ReadModelOp = {
      kind: 'completeTask',
      key: '9',
      by: 'bob',
      decision: 'approve',
      comment: 'fine',
      variables: {},
      at: new Date().toISOString(),
    };
    await apply([complete]);
    await apply([complete]);

    const rows = await outboxOf(caseId);
    expect(rows.map((r) => [r.template, r.recipient])).toEqual([
      ['task-assigned', 'bob'],
      ['decision-made', 'applicant'],
    ]);
    expect(rows[1]!.payload).toMatchObject({ decision: 'approve', by: 'bob' });
  });

  it('given a task completed without a decision, when applied, then no decision row', async () => {
    const { caseId, apply } = await newCase();
    await apply([task('3', null)]);
    await apply([
      {
        kind: 'completeTask',
        key: '3',
        by: 'x',
        decision: null,
        comment: null,
        variables: {},
        at: new Date().toISOString(),
      },
    ]);
    expect(await outboxOf(caseId)).toEqual([]);
  });

  it('given an open task past its due date, when the sweep runs twice, then one task-overdue row', async () => {
    const { caseId, workflowId, apply } = await newCase();
    await apply([task('11', 'carol', new Date(Date.now() - 60_000).toISOString())]);
    await apply([task('12', null, new Date(Date.now() + 3_600_000).toISOString())]);

    await sweepOverdueTasks(db.dataSource);
    await sweepOverdueTasks(db.dataSource);

    const overdue = (await outboxOf(caseId)).filter((r) => r.template === 'task-overdue');
    expect(overdue).toEqual([
      expect.objectContaining({ recipient: 'carol', idempotency_key: `${workflowId}:11:task-overdue` }),
    ]);
  });
});

describe('publicity events', () => {
  it('given the publicity element activated and completed, when applied twice, then one started and one ended row', async () => {
    const { caseId, apply } = await newCase();
    const at = new Date().toISOString();
    const history = (type: string, seq: number): Extract<ReadModelOp, { kind: 'history' }> => ({
      kind: 'history',
      idempotencyKey: `5:${type}:${seq}`,
      type,
      elementId: 'publicity',
      actor: null,
      data: {},
      at,
    });
    const other: ReadModelOp = {
      ...history('element-activated', 1),
      elementId: 'review',
      idempotencyKey: '4:x:1',
    };

    for (let i = 0; i < 2; i++) {
      await apply([other, history('element-activated', 2)]);
      await apply([history('element-completed', 3)]);
    }

    expect((await outboxOf(caseId)).map((r) => r.template)).toEqual(['publicity-started', 'publicity-ended']);
  });
});

describe('payment events', () => {
  it.each([
    ['paid', 'payment-made'],
    ['stopped', 'payment-stopped'],
  ])('given a %s pay task, when the activity is retried, then one %s row', async (status, template) => {
    const { caseId, workflowId, activities } = await newCase();
    const input = {
      caseId,
      workflowId,
      key: '21',
      elementId: 'payFirst',
      taskType: 'pay',
      headers: {},
      inputs: { tranche: 'first', amount: 500_000, status },
    };

    await activities.runServiceTask(input);
    await activities.runServiceTask(input);

    expect(await outboxOf(caseId)).toEqual([
      expect.objectContaining({
        template,
        recipient: 'applicant',
        idempotency_key: `${workflowId}:21:${template}`,
        payload: expect.objectContaining({ tranche: 'first', amountFen: 500_000, status }),
      }),
    ]);
  });
});
