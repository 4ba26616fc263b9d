// Compensation (throw events waiting for their handlers) on a real worker, temporal-lite and PostgreSQL.
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

describe('runCase: compensation on Temporal', () => {
  let db: TestDatabase;
  let env: TemporalEnv;
  let stack: WorkerStack;
  const taskQueue = `engine-compensation-${process.pid}-${Date.now()}`;
  let serial = 0;

  beforeAll(async () => {
    stack = await startWorkerStack('engine-compensation', taskQueue);
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
    const complete = async (elementId: string) => {
      const s = await eventually(() => handle.query(caseStateQuery), openTask(elementId));
      const task = s.tasks.find((t) => t.elementId === elementId && t.state === 'open');
      return handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task?.id ?? '', variables: {}, user: reviewer }],
      });
    };
    const history = async () =>
      (await db.dataSource.query(
        `select type, element_id, data from history_events where case_id = $1 order by seq`,
        [caseId],
      )) as { type: string; element_id: string | null; data: Record<string, unknown> }[];
    return { handle, openTask, complete, history };
  }

  it('given two completed bookings, when the throw event compensates, then the history names the handlers and the case goes on once they are done', async () => {
    const c = await start('compensation-throw-event');
    const waiting = await eventually(() => c.handle.query(caseStateQuery), c.openTask('cancelFlight'));
    // the throw event waits for the user-task handler: review is not open yet
    expect(waiting.tasks.map((t) => t.elementId)).toEqual(['cancelFlight']);
    const thrown = await eventually(c.history, (rows) => rows.some((r) => r.type === 'compensation-thrown'));
    expect(thrown.filter((r) => r.type === 'compensation-thrown')).toEqual([
      {
        type: 'compensation-thrown',
        element_id: 'undoBookings',
        data: {
          handlers: [
            { handler: 'cancelFlight', compensates: 'bookFlight' },
            { handler: 'cancelHotel', compensates: 'bookHotel' },
          ],
        },
      },
    ]);
    await c.complete('cancelFlight');
    const done = await c.complete('review');
    expect(done.case).toMatchObject({ status: 'completed' });
    expect(await c.handle.result()).toMatchObject({ status: 'completed' });
    const completed = (await c.history())
      .filter((r) => r.type === 'element-completed')
      .map((r) => r.element_id);
    expect(completed).toEqual(expect.arrayContaining(['cancelHotel', 'cancelFlight', 'undoBookings']));
    expect(completed.indexOf('cancelFlight')).toBeLessThan(completed.indexOf('undoBookings'));
  });
});
