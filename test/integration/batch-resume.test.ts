// Issue 17 item 10: a batch whose API process died mid-way (SIGKILL) is finished by the reconciler so that its
// read-back tells the truth: the items the dead process had applied are `done` with their `batch` history entry, the
// others are run then, and none is applied twice (per-item update ids derive from batch id + case id).
import { randomUUID } from 'node:crypto';
import { BatchReconcilerService } from '../../api/batches/batch-reconciler.service';
import { batchItemKey, batchLockKey } from '../../api/batches/batches.service';
import { caseStateQuery, completeTaskUpdate, correlateMessageUpdate } from '../../workflows/messages';
import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

describe('batches survive crashes', () => {
  let t: CaseApi;
  const reviewer = {
    id: randomUUID(),
    username: 'city-reviewer1',
    roles: ['city-reviewer'],
    district: null,
    affiliation: null,
  };

  beforeAll(async () => {
    t = await createCaseApi('batch-resume');
    await t.deploy(fixtureXml('user-task'));
    await t.deploy(fixtureXml('publicity-with-objections'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const ds = () => t.database.dataSource;
  const history = async (caseId: string) =>
    (
      (await ds().query(`SELECT type, actor, data FROM history_events WHERE case_id = $1 ORDER BY seq`, [
        caseId,
      ])) as { type: string; actor: string | null; data: Record<string, unknown> }[]
    ).filter((e) => e.type === 'batch' || e.type === 'task-completed');

  /** What the killed process left: a running batch, every item pending, created a minute ago. */
  async function interruptedBatch(
    caseIds: string[],
    action: object = { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
    actor: object = reviewer,
    instant: string | null = null,
  ): Promise<string> {
    const id = randomUUID();
    await ds().query(
      `INSERT INTO batches (id, title, action, created_by, created_at, status, actor, instant)
       VALUES ($1, 'district list approval', $2, $3, now() - interval '1 minute', 'running', $4, $5)`,
      [id, JSON.stringify(action), (actor as { username: string }).username, JSON.stringify(actor), instant],
    );
    for (const caseId of caseIds)
      await ds().query(`INSERT INTO batch_items (batch_id, case_id, status) VALUES ($1, $2, 'pending')`, [
        id,
        caseId,
      ]);
    return id;
  }

  it('given a complete-task batch killed after part of its updates were applied, when the reconciler runs, then every item is done once with its history entry', async () => {
    // given six cases waiting at review
    const cases: { id: string; taskId: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await t.startCase('user-task', { district: 'lixia' });
      const [task] = await t.openTasks(c.id, 'city-reviewer1');
      cases.push({ id: c.id, taskId: task!.id });
    }
    const batchId = await interruptedBatch(cases.map((c) => c.id));
    // and the dead process had sent the first four completions (under the item's update id), recording nothing
    for (const c of cases.slice(0, 4))
      await t.temporal.client.workflow.getHandle(`case-${c.id}`).executeUpdate(completeTaskUpdate, {
        updateId: batchItemKey(batchId, c.id),
        args: [
          {
            taskId: c.taskId,
            variables: { decision: 'pass' },
            comment: `batch ${batchId}`,
            user: { username: reviewer.username, roles: reviewer.roles },
          },
        ],
      });
    const auth = await t.as('city-reviewer1');
    const before = await t.http().get(`/api/v1/batches/${batchId}`).set('Authorization', auth);
    expect(before.body).toMatchObject({ status: 'running' });
    expect((before.body as { items: { status: string }[] }).items.map((i) => i.status)).toEqual(
      Array(6).fill('pending'),
    );

    // when the API starts again and its reconciler runs
    const reconciler = t.app.get(BatchReconcilerService);
    expect(await reconciler.reconcileOnce()).toEqual([batchId]);

    // then the batch reads finished, every item done
    const after = await t.http().get(`/api/v1/batches/${batchId}`).set('Authorization', auth);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'finished' });
    expect((after.body as { items: { caseId: string; status: string }[] }).items).toEqual(
      cases.map((c) => ({ caseId: c.id, status: 'done' })).sort((a, b) => a.caseId.localeCompare(b.caseId)),
    );
    // and each case was completed exactly once and carries exactly one `batch` entry
    for (const c of cases) {
      const events = await history(c.id);
      expect(events.map((e) => e.type).sort()).toEqual(['batch', 'task-completed']);
      expect(events.find((e) => e.type === 'batch')).toMatchObject({
        actor: 'city-reviewer1',
        data: expect.objectContaining({ batchId, action: 'complete-task' }),
      });
    }
    const completed = (await ds().query(
      `SELECT count(*)::int AS n FROM tasks WHERE case_id = ANY($1::uuid[]) AND state = 'completed'`,
      [cases.map((c) => c.id)],
    )) as { n: number }[];
    expect(completed[0]!.n).toBe(6);

    // and a second round changes nothing
    expect(await reconciler.reconcileOnce()).toEqual([]);
    for (const c of cases) expect(await history(c.id)).toHaveLength(2);
  }, 60_000);

  it('given a running batch whose process is alive (it holds the lock), when the reconciler runs, then it is left alone', async () => {
    const c = await t.startCase('user-task', { district: 'lixia' });
    await t.openTasks(c.id, 'city-reviewer1');
    const batchId = await interruptedBatch([c.id]);
    const alive = ds().createQueryRunner();
    await alive.connect();
    try {
      await alive.query(`SELECT pg_advisory_lock(hashtext($1))`, [batchLockKey(batchId)]);
      expect(await t.app.get(BatchReconcilerService).reconcileOnce()).toEqual([]);
      const [row] = (await ds().query(`SELECT status FROM batch_items WHERE batch_id = $1`, [batchId])) as {
        status: string;
      }[];
      expect(row!.status).toBe('pending');
    } finally {
      await alive.query(`SELECT pg_advisory_unlock(hashtext($1))`, [batchLockKey(batchId)]);
      await alive.release();
    }
    // once it is gone, the batch is finished
    expect(await t.app.get(BatchReconcilerService).reconcileOnce()).toEqual([batchId]);
    expect(await history(c.id)).toHaveLength(2);
  }, 60_000);

  it('given a message batch killed after it reached one case, when the reconciler runs, then the others start at the batch instant and none gets the message twice', async () => {
    // given three cases waiting for the publicity list
    const cases: { id: string; businessKey: string }[] = [];
    const state = (id: string) => t.temporal.client.workflow.getHandle(`case-${id}`).query(caseStateQuery);
    for (let i = 0; i < 3; i++) {
      const c = await t.startCase('publicity-with-objections', {});
      await t.eventually(
        () => state(c.id).catch(() => null),
        (s) => s?.case.activeElements.includes('waitList') ?? false,
      );
      cases.push(c);
    }
    const orgdept = {
      id: randomUUID(),
      username: 'orgdept1',
      roles: ['org-department'],
      district: null,
      affiliation: null,
    };
    const instant = new Date((await t.temporal.now()).getTime() - 1000).toISOString();
    const action = { type: 'message', name: 'publish-list', variables: {} };
    const batchId = await interruptedBatch(
      cases.map((c) => c.id),
      action,
      orgdept,
      instant,
    );
    // and the dead process had published to the first case, under the item's update id, recording nothing
    await t.temporal.client.workflow.getHandle(`case-${cases[0]!.id}`).executeUpdate(correlateMessageUpdate, {
      updateId: `${batchItemKey(batchId, cases[0]!.id)}:0`,
      args: [
        {
          name: 'publish-list',
          correlationKey: cases[0]!.businessKey,
          variables: {},
          at: instant,
          sender: 'orgdept1',
        },
      ],
    });

    // when the reconciler runs
    expect(await t.app.get(BatchReconcilerService).reconcileOnce()).toEqual([batchId]);

    // then every item is done, each case got the message once and every period counts from the batch instant
    const items = (await ds().query(`SELECT status FROM batch_items WHERE batch_id = $1`, [batchId])) as {
      status: string;
    }[];
    expect(items.map((i) => i.status)).toEqual(['done', 'done', 'done']);
    for (const c of cases) {
      const s = await t.eventually(
        () => state(c.id),
        (v) => v.timers.some((x) => x.elementId === 'period' && x.from !== undefined),
      );
      expect(s.timers.find((x) => x.elementId === 'period')!.from).toBe(instant);
      const events = (await ds().query(
        `SELECT type, data FROM history_events WHERE case_id = $1 AND type IN ('message-correlated', 'batch')`,
        [c.id],
      )) as { type: string; data: Record<string, unknown> }[];
      expect(events.map((e) => e.type).sort()).toEqual(['batch', 'message-correlated']);
    }
  }, 60_000);
});
