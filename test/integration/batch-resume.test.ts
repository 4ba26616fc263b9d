// Issue 17 item 10: a batch whose API process died mid-way (SIGKILL) is finished by the reconciler so that its
// read-back tells the truth: the items the dead process had applied are `done` with their `batch` history entry, the
// others are run then, and none is applied twice (per-item update ids derive from batch id + case id).
import { randomUUID } from 'node:crypto';
import { BatchReconcilerService } from '../../api/batches/batch-reconciler.service';
import { batchItemKey, batchLockKey } from '../../api/batches/batches.service';
import { completeTaskUpdate } from '../../workflows/messages';
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
  async function interruptedBatch(caseIds: string[]): Promise<string> {
    const id = randomUUID();
    await ds().query(
      `INSERT INTO batches (id, title, action, created_by, created_at, status, actor)
       VALUES ($1, 'district list approval', $2, 'city-reviewer1', now() - interval '1 minute', 'running', $3)`,
      [
        id,
        JSON.stringify({ type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } }),
        JSON.stringify(reviewer),
      ],
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
});
