import { msToTs } from '@temporalio/common/lib/time';
import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';

// Raw long polls carry a deadline: a real server refuses one without (INVALID_ARGUMENT "Context timeout is not set").
describe('temporal-lite workflow tasks: timeouts, retries, sticky queues', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('re-dispatches a task whose worker died mid-task to a new worker after the task timeout', async () => {
    // given a "worker" that takes the first workflow task and never answers (killed)
    const taskQueue = uid('tq');
    const handle = await h.client.workflow.start('greet', { taskQueue, workflowId: uid('dead'), args: ['again'], workflowTaskTimeout: '1s' });
    const dead = await h.connection.withDeadline(Date.now() + 30_000, () => h.connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'doomed' }));
    expect(dead.taskToken?.length).toBeGreaterThan(0);
    // when a real worker starts
    const w = await h.worker({ taskQueue });
    // then it finishes the workflow after the timed-out attempt
    expect(await handle.result()).toBe('hello again');
    const events = (await handle.fetchHistory()).events!;
    expect(events.some((e) => e.workflowTaskTimedOutEventAttributes)).toBe(true);
    // and the dead worker's late completion is refused
    await expect(h.connection.workflowService.respondWorkflowTaskCompleted({ taskToken: dead.taskToken, namespace: 'default', commands: [] })).rejects.toMatchObject({
      code: 5,
    });
    await w.stop();
  });

  it('retries a failed workflow task', async () => {
    const taskQueue = uid('tq');
    const handle = await h.client.workflow.start('greet', { taskQueue, workflowId: uid('fail'), args: ['retry'] });
    const first = await h.connection.withDeadline(Date.now() + 30_000, () => h.connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'broken' }));
    await h.connection.workflowService.respondWorkflowTaskFailed({ taskToken: first.taskToken, namespace: 'default', cause: 1, failure: { message: 'boom' } });
    const w = await h.worker({ taskQueue });
    expect(await handle.result()).toBe('hello retry');
    const events = (await handle.fetchHistory()).events!;
    expect(events.some((e) => e.workflowTaskFailedEventAttributes?.failure?.message === 'boom')).toBe(true);
    await w.stop();
  });

  it('moves work from the sticky queue of a shut-down worker to the normal queue', async () => {
    // given a real worker that completes with its own sticky queue, then is shut down (ShutdownWorker)
    const taskQueue = uid('tq');
    const handle = await h.client.workflow.start('counter', { taskQueue, workflowId: uid('sticky') });
    const w1 = await h.worker({ taskQueue });
    await handle.signal('add', 1);
    expect(await handle.query('total')).toBe(1);
    await w1.stop();
    // when the next signal arrives and only a fresh worker polls the normal queue
    await handle.signal('add', 2);
    const w2 = await h.worker({ taskQueue });
    await handle.signal('finish');
    // then it rebuilds from full history and completes
    expect(await handle.result()).toBe(3);
    await w2.stop();
  });

  it('falls back to the normal queue after the sticky schedule-to-start timeout', async () => {
    const taskQueue = uid('tq');
    const handle = await h.client.workflow.start('counter', { taskQueue, workflowId: uid('sticky2') });
    const svc = h.connection.workflowService;
    const first = await h.connection.withDeadline(Date.now() + 30_000, () => svc.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'ghost' }));
    // the ghost asks for a sticky queue it polls once (so it looks alive) and then never again
    const ghostSticky = uid('ghost-sticky');
    await h.connection
      .withDeadline(Date.now() + 200, () => svc.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: ghostSticky, kind: 2, normalName: taskQueue }, identity: 'ghost' }))
      .catch(() => undefined);
    await svc.respondWorkflowTaskCompleted({
      taskToken: first.taskToken,
      namespace: 'default',
      commands: [],
      stickyAttributes: { workerTaskQueue: { name: ghostSticky, kind: 2 }, scheduleToStartTimeout: msToTs(300) },
    });
    await handle.signal('add', 5);
    const w = await h.worker({ taskQueue });
    await handle.signal('finish');
    expect(await handle.result()).toBe(5);
    await w.stop();
  });
});
