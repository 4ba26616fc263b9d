// Issue 15 elements that need no worker, and Zeebe's leniency, on a real worker, temporal-lite and PostgreSQL:
// undefined/manual tasks, receive tasks (message and boundary timer), link events, a collaboration's executable
// pool, a call activity whose processId is FEEL, and the lenient fixture (dead-end gateway, multi-line string).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { correlateMessageUpdate } from '../../workflows/messages';
import type { TemporalEnv } from '../support/temporal-env';
import type { TestDatabase } from '../support/test-database';
import { eventually } from '../support/eventually';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { fixtureCaseStarter } from '../support/fixture-case';

const FIXTURES = join(__dirname, '..', 'fixtures', 'bpmn');

describe('runCase: issue-15 elements without workers, on Temporal', () => {
  let db: TestDatabase;
  let env: TemporalEnv;
  let stack: WorkerStack;
  const taskQueue = `engine-elements-${process.pid}-${Date.now()}`;
  let startFixtureCase: ReturnType<typeof fixtureCaseStarter>;

  beforeAll(async () => {
    stack = await startWorkerStack('engine-elements', taskQueue);
    startFixtureCase = fixtureCaseStarter(stack);
    ({ db, env } = stack);
  });
  afterAll(() => stack?.stop());

  async function start(fixture: string, variables: Record<string, unknown> = {}) {
    const c = await startFixtureCase(fixture, variables);
    return { ...c, completed: c.completedElements };
  }

  it('given an undefined and a manual task, when the case starts, then both pass through with io mappings applied', async () => {
    const c = await start('task-undefined-manual', { amount: 20 });
    expect(await c.handle.result()).toMatchObject({
      status: 'completed',
      variables: { amount: 20, total: 41 },
    });
    expect(await eventually(c.completed, (ids) => ids.includes('sign'))).toEqual(
      expect.arrayContaining(['note', 'sign']),
    );
  });

  it('given a receive task, when its message arrives, then the mapped variable is set and the case goes on', async () => {
    const c = await start('receive-task');
    const s = await c.until((x) => x.subscriptions.length === 1 && x.timers.length === 1);
    expect(s.subscriptions[0]).toMatchObject({
      messageName: 'documents-received',
      correlationKey: c.businessKey,
    });
    const miss = await c.handle.executeUpdate(correlateMessageUpdate, {
      args: [{ name: 'documents-received', correlationKey: 'someone-else' }],
    });
    expect(miss.correlated).toBe(0);
    const hit = await c.handle.executeUpdate(correlateMessageUpdate, {
      args: [{ name: 'documents-received', correlationKey: c.businessKey, variables: { pages: 3 } }],
    });
    expect(hit.correlated).toBe(1);
    await c.until((x) => x.timers.length === 0);
    await c.complete('review');
    expect(await c.handle.result()).toMatchObject({ status: 'completed', variables: { pageCount: 3 } });
  });

  it('given a receive task, when a week passes without its message, then the boundary timer ends the wait', async () => {
    const c = await start('receive-task');
    await c.until((x) => x.timers.length === 1 && x.timers[0]!.at !== undefined);
    await env.sleep('169h');
    expect(await c.handle.result()).toMatchObject({ status: 'completed' });
    expect(await eventually(c.completed, (ids) => ids.includes('end_late'))).not.toContain('review');
  });

  it('given a message catch event with an input mapping, when the message with the mapped key arrives, then the case completes', async () => {
    const c = await start('message-catch-inputs');
    const s = await c.until((x) => x.subscriptions.length === 1);
    expect(s.subscriptions[0]).toMatchObject({ correlationKey: `${c.businessKey}-reply` });
    const hit = await c.handle.executeUpdate(correlateMessageUpdate, {
      args: [
        { name: 'reply-received', correlationKey: `${c.businessKey}-reply`, variables: { answer: 'yes' } },
      ],
    });
    expect(hit.correlated).toBe(1);
    expect(await c.handle.result()).toMatchObject({ status: 'completed', variables: { replyAnswer: 'yes' } });
  });

  it('given link events, when the case runs, then the throw continues at the catch of its name', async () => {
    const c = await start('link-events', { urgent: true });
    await c.complete('review');
    expect(await c.handle.result()).toMatchObject({ status: 'completed' });
    expect(await eventually(c.completed, (ids) => ids.includes('end'))).toEqual(
      expect.arrayContaining(['jump_a', 'land', 'review']),
    );
  });

  it('given a collaboration, when the case runs, then only the executable pool runs', async () => {
    const c = await start('collaboration-pools');
    const done = await c.complete('check');
    expect(done.case).toMatchObject({ status: 'completed' });
  });

  it('given a call activity with processId as FEEL, when it starts, then the evaluated process runs as the child case', async () => {
    const childXml = readFileSync(join(FIXTURES, 'script-task.bpmn'), 'utf8').replaceAll(
      'script-task',
      'sub-youth',
    );
    const compiled = await compileBpmn(childXml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    await db.dataSource.query(
      `insert into process_definitions (key, version, name, xml, graph, content_hash, deployed_by) values ($1, 1, $1, $2, $3, $4, 'test')`,
      ['sub-youth', childXml, JSON.stringify(compiled.graph), compiled.hash],
    );
    const c = await start('call-activity-feel-process-id', { track: 'youth', scores: [70, 90] });
    expect(await c.handle.result()).toMatchObject({ status: 'completed', variables: { averageScore: 80 } });
    const children = (await db.dataSource.query(
      `select process_key, status from cases where business_key like $1`,
      [`${c.businessKey}/%`],
    )) as unknown[];
    expect(children).toEqual([{ process_key: 'sub-youth', status: 'completed' }]);
  });

  it('given the lenient process, when the gateway takes the flow to a dead end, then the case completes with the multi-line letter', async () => {
    const c = await start('zeebe-lenient', { status: 'rejected' });
    await c.complete('review');
    expect(await c.handle.result()).toMatchObject({
      status: 'completed',
      variables: { letterText: 'Dear applicant,\nyour file is rejected' },
    });
    expect(await eventually(c.completed, (ids) => ids.includes('dead_end'))).not.toContain('end');
  });
});
