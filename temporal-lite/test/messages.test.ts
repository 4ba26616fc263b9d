import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowUpdateFailedError, WorkflowUpdateStage, WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { LiteHarness } from './helpers';

const { EventType } = temporal.api.enums.v1;
import { startHarness, uid } from './helpers';

/** Waits until the workflow task that will process the latest signal is running. */
async function taskStartedAfterLastSignal(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const events = (await handle.fetchHistory()).events!;
    const lastSignal = events.map((e) => e.eventType).lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    const tail = events.slice(lastSignal + 1).map((e) => e.eventType);
    if (lastSignal >= 0 && tail[tail.length - 1] === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('workflow task did not start');
}

describe('temporal-lite signals, queries and updates', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('delivers signals and answers legacy queries on an idle workflow', async () => {
    const w = await h.worker();
    const handle = await h.client.workflow.start('counter', { taskQueue: w.taskQueue, workflowId: uid('counter') });
    await handle.signal('add', 2);
    await handle.signal('add', 3);
    let total = 0;
    for (let i = 0; i < 50 && total !== 5; i++) total = await handle.query<number>('total');
    expect(total).toBe(5);
    await handle.signal('finish');
    expect(await handle.result()).toBe(5);
    await w.stop();
  });

  it('answers a query attached to a scheduled workflow task (worker starts later)', async () => {
    const taskQueue = uid('tq');
    const handle = await h.client.workflow.start('counter', { taskQueue, workflowId: uid('counter') });
    const q = handle.query<number>('total');
    await new Promise((r) => setTimeout(r, 200));
    const w = await h.worker({ taskQueue });
    expect(await q).toBe(0);
    await handle.signal('finish');
    expect(await handle.result()).toBe(0);
    await w.stop();
  });

  it('defers a query that arrives while a workflow task is in flight', async () => {
    const w = await h.worker();
    const handle = await h.client.workflow.start('counter', { taskQueue: w.taskQueue, workflowId: uid('counter') });
    expect(await handle.query('total')).toBe(0);
    await handle.signal('busy', 300_000_000);
    await taskStartedAfterLastSignal(handle);
    expect(await handle.query('total')).toBe(1);
    await handle.signal('finish');
    expect(await handle.result()).toBe(1);
    await w.stop();
  });

  // Once flaky (result 0): the server answered the refused completion with OK, so the SDK took its close command as
  // recorded; a real server answers INVALID_ARGUMENT "UnhandledCommand". The closing task is now held open by a sink
  // (the worker awaits sinks before completing), so the signal lands inside it whatever the machine's load.
  it('does not let a workflow close past a signal that arrived during its last task', async () => {
    // given a closing task held in flight by the gate sink
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const sinks = { gate: { hold: { fn: async () => (held(), released), callDuringReplay: false } } };
    const w = await h.worker({ sinks });
    const handle = await h.client.workflow.start('counter', { taskQueue: w.taskQueue, workflowId: uid('late') });
    expect(await handle.query('total')).toBe(0);
    await handle.signal('heldFinish');
    await holding;

    // when a signal lands while that task is in flight, and then the task completes
    await handle.signal('add', 5);
    release();

    // then the completion is refused as UnhandledCommand and the workflow closes only after seeing the signal
    expect(await handle.result()).toBe(5);
    const failed = (await handle.fetchHistory()).events!.filter((e) => e.workflowTaskFailedEventAttributes);
    expect(failed.map((e) => e.workflowTaskFailedEventAttributes!.cause)).toEqual([
      temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
    ]);
    await w.stop();
  });

  it('runs updates: result, validator rejection, accepted now and completed later, closed workflow', async () => {
    const w = await h.worker();
    const handle = await h.client.workflow.start('counter', { taskQueue: w.taskQueue, workflowId: uid('counter') });
    await handle.signal('add', 7);
    // an update returns its handler result
    expect(await handle.executeUpdate('setValue', { args: [10] })).toBe(7);
    // a validator rejects without touching history
    const rejected = await handle.executeUpdate('setValue', { args: [-1] }).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((rejected as WorkflowUpdateFailedError).cause?.message)).toContain('negative values are not allowed');
    // an update accepted now completes later
    const pending = await h.client.workflow.getHandle(handle.workflowId).startUpdate('waitFor', { args: ['k1'], waitForStage: WorkflowUpdateStage.ACCEPTED });
    expect(await handle.query('total')).toBe(10);
    await handle.signal('finish');
    expect(await pending.result()).toBe('done:k1');
    expect(await handle.result()).toBe(10);
    const history = await handle.fetchHistory();
    const types = history.events!.map((e) => e.eventType);
    expect(types.filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).length).toBe(2);
    expect(types.filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED).length).toBe(2);
    // an update to a closed workflow is refused
    await expect(handle.executeUpdate('setValue', { args: [1] })).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await w.stop();
  });

  it('signal-with-start starts a workflow, then signals the running one', async () => {
    const w = await h.worker();
    const workflowId = uid('sws');
    const first = await h.client.workflow.signalWithStart('counter', { taskQueue: w.taskQueue, workflowId, signal: 'add', signalArgs: [4] });
    const second = await h.client.workflow.signalWithStart('counter', { taskQueue: w.taskQueue, workflowId, signal: 'add', signalArgs: [5] });
    expect(second.signaledRunId).toBe(first.signaledRunId);
    await first.signal('finish');
    expect(await first.result()).toBe(9);
    await w.stop();
  });
});
