// Escalation events and error start events of event subprocesses on a real worker, temporal-lite and PostgreSQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import type { TestDatabase } from '../support/test-database';
import { eventually } from '../support/eventually';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { fixtureCaseStarter } from '../support/fixture-case';

const FIXTURES = join(__dirname, '..', 'fixtures', 'bpmn');

describe('runCase: escalation and error event subprocesses on Temporal', () => {
  let db: TestDatabase;
  let stack: WorkerStack;
  const taskQueue = `engine-escalation-${process.pid}-${Date.now()}`;
  let startFixtureCase: ReturnType<typeof fixtureCaseStarter>;

  beforeAll(async () => {
    stack = await startWorkerStack('engine-escalation', taskQueue);
    startFixtureCase = fixtureCaseStarter(stack);
    ({ db } = stack);
  });
  afterAll(() => stack?.stop());

  const start = (fixture: string, variables: Record<string, unknown> = {}) =>
    startFixtureCase(fixture, variables);

  it('given a non-interrupting escalation boundary, when the subprocess escalates, then both paths run to the end', async () => {
    const c = await start('escalation-boundary-non-interrupting');
    await c.until((s) => s.tasks.filter((t) => t.state === 'open').length === 2);
    const escalations = (await c.history()).filter((e) => e.type === 'escalation-thrown');
    expect(escalations).toEqual([
      {
        type: 'escalation-thrown',
        element_id: 'reportLate',
        data: expect.objectContaining({ caughtBy: 'lateCaught' }),
      },
    ]);
    await c.complete('finishReview');
    const done = await c.complete('informLeader');
    expect(done.case).toMatchObject({ status: 'completed' });
    expect(await c.handle.result()).toMatchObject({ status: 'completed' });
  });

  it('given an interrupting escalation event subprocess, when thrown, then the open task is withdrawn and the case completes', async () => {
    const c = await start('escalation-event-subprocess-interrupting');
    expect(await c.handle.result()).toMatchObject({ status: 'completed' });
    expect(await eventually(c.taskRows, (rows) => rows[0]?.state === 'withdrawn')).toEqual([
      { element_id: 'longReview', state: 'withdrawn' },
    ]);
  });

  it('given error event subprocesses, when an error end event throws, then the closest one runs and the case goes on', async () => {
    const c = await start('error-event-subprocess', { missing: true });
    await c.until((s) => s.tasks.some((t) => t.elementId === 'fixRecords' && t.state === 'open'));
    expect((await c.history()).find((e) => e.type === 'error-thrown')).toMatchObject({
      element_id: 'missingEnd',
      data: expect.objectContaining({ errorCode: 'OTHER', caughtBy: 'anyError' }),
    });
    await c.complete('fixRecords');
    expect(await c.handle.result()).toMatchObject({ status: 'completed' });
  });

  it('given a call activity with an escalation boundary, when the called case escalates, then the parent follows up and the child goes on', async () => {
    const child = await compileBpmn(readFileSync(join(FIXTURES, 'escalation-child.bpmn'), 'utf8'));
    if (!child.ok) throw new Error(JSON.stringify(child.errors));
    await db.dataSource.query(
      `insert into process_definitions (key, version, name, xml, graph, content_hash, deployed_by)
       values ($1, 1, $1, '<xml/>', $2, $3, 'test') on conflict do nothing`,
      ['escalation-child', JSON.stringify(child.graph), child.hash],
    );
    const c = await start('escalation-call-activity');
    await c.until((s) => s.tasks.some((t) => t.elementId === 'followUp' && t.state === 'open'));
    expect((await c.history()).filter((e) => e.type === 'escalation-thrown')).toEqual([
      {
        type: 'escalation-thrown',
        element_id: 'delegate',
        data: expect.objectContaining({ escalationCode: 'LATE', caughtBy: 'childLate' }),
      },
    ]);
    // the called case went on to its own task
    const childTasks = () =>
      db.dataSource.query(
        `select t.element_id, t.state from tasks t join cases c on c.id = t.case_id where c.process_key = 'escalation-child'`,
      ) as Promise<{ element_id: string; state: string }[]>;
    expect(await eventually(childTasks, (rows) => rows.length > 0)).toEqual([
      { element_id: 'childWork', state: 'open' },
    ]);
  });
});
