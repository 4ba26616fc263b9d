// Ad-hoc subprocess (activeElementsCollection, completionCondition) on a real worker, temporal-lite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import {
  type CaseStateView,
  type CaseUser,
  caseStateQuery,
  completeTaskUpdate,
} from '../../workflows/messages';
import { runCase } from '../../workflows/run-case.workflow';
import type { TemporalEnv } from '../support/temporal-env';
import type { TestDatabase } from '../support/test-database';
import { eventually } from '../support/eventually';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { graphOf } from '../support/fixture-graph';

const reviewer: CaseUser = { username: 'city-reviewer1', roles: ['city-reviewer'] };

describe('runCase: ad-hoc subprocess on Temporal', () => {
  let db: TestDatabase;
  let env: TemporalEnv;
  let stack: WorkerStack;
  const taskQueue = `engine-ad-hoc-${process.pid}-${Date.now()}`;
  let serial = 0;

  beforeAll(async () => {
    stack = await startWorkerStack('engine-ad-hoc', taskQueue);
    ({ db, env } = stack);
  });
  afterAll(() => stack?.stop());

  async function start(fixture: string) {
    const caseId = randomUUID();
    const businessKey = `${fixture}-${++serial}-${Date.now()}`;
    const graph = await graphOf(fixture);
    const handle = await env.client.workflow.start(runCase, {
      taskQueue,
      workflowId: `case-${businessKey}`,
      args: [{ caseId, processKey: graph.processId, processVersion: 1, businessKey, variables: {}, graph }],
    });
    const openTask = (elementId: string) => (s: CaseStateView) =>
      s.tasks.some((t) => t.elementId === elementId && t.state === 'open');
    const complete = async (elementId: string, variables: Record<string, unknown> = {}) => {
      const s = await eventually(() => handle.query(caseStateQuery), openTask(elementId));
      const task = s.tasks.find((t) => t.elementId === elementId && t.state === 'open');
      return handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task?.id ?? '', variables, user: reviewer }],
      });
    };
    const history = async () =>
      (await db.dataSource.query(
        `select type, element_id from history_events where case_id = $1 order by seq`,
        [caseId],
      )) as { type: string; element_id: string | null }[];
    return { handle, openTask, complete, history };
  }

  it('given three reviews activated by the collection, when one approves, then the open review is withdrawn and the case goes on', async () => {
    const c = await start('ad-hoc-completion-condition');
    const opened = await eventually(
      () => c.handle.query(caseStateQuery),
      (s) => ['legalReview', 'technicalReview', 'ownerReview'].every((id) => c.openTask(id)(s)),
    );
    expect(opened.tasks.map((t) => t.elementId).sort()).toEqual([
      'legalReview',
      'ownerReview',
      'technicalReview',
    ]);
    await c.complete('legalReview', { approved: false });
    await c.complete('technicalReview', { approved: true });
    const after = await eventually(() => c.handle.query(caseStateQuery), c.openTask('decide'));
    expect(after.tasks.filter((t) => t.state === 'open').map((t) => t.elementId)).toEqual(['decide']);
    const done = await c.complete('decide');
    expect(done.case).toMatchObject({ status: 'completed' });
    expect(await c.handle.result()).toMatchObject({ status: 'completed' });
    const rows = await c.history();
    const completed = rows.filter((r) => r.type === 'element-completed').map((r) => r.element_id);
    expect(completed.indexOf('technicalReview')).toBeLessThan(completed.indexOf('reviews'));
    expect(completed).not.toContain('ownerReview');
    expect(rows).toContainEqual({ type: 'element-terminated', element_id: 'ownerReview' });
  });
});
