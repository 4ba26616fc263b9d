import { WorkflowFailedError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';

const { EventType } = temporal.api.enums.v1;

describe('temporal-lite lifecycle: timers, children, continue-as-new, cancel, terminate', () => {
  let h: LiteHarness;
  let taskQueue: string;
  beforeAll(async () => {
    h = await startHarness();
    ({ taskQueue } = await h.worker());
  });
  afterAll(async () => {
    await h.close();
  });

  it('fires and cancels timers', async () => {
    expect(await h.client.workflow.execute('timerWorkflow', { taskQueue, workflowId: uid('timer'), args: [200] })).toBe('fired');
    const handle = await h.client.workflow.start('cancelTimer', { taskQueue, workflowId: uid('ctimer') });
    expect(await handle.result()).toBe('timer cancelled');
    const types = (await handle.fetchHistory()).events!.map((e) => e.eventType);
    expect(types).toContain(EventType.EVENT_TYPE_TIMER_CANCELED);
  });

  it('runs a child workflow to completion and reports child failure', async () => {
    expect(await h.client.workflow.execute('parentWorkflow', { taskQueue, workflowId: uid('parent'), args: [20] })).toBe(41);
    const err = await h.client.workflow.execute('parentWorkflow', { taskQueue, workflowId: uid('parent'), args: [-1] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause as Error & { cause?: { type?: string } };
    expect(cause.cause?.type).toBe('NegativeInput');
  });

  it('applies parent close policies: abandon keeps the child, terminate ends it', async () => {
    const abandonedId = await h.client.workflow.execute('parentAbandons', { taskQueue, workflowId: uid('pa') });
    const terminatedId = await h.client.workflow.execute('parentTerminatesChild', { taskQueue, workflowId: uid('pt') });
    expect((await h.client.workflow.getHandle(abandonedId).describe()).status.name).toBe('RUNNING');
    expect((await h.client.workflow.getHandle(terminatedId).describe()).status.name).toBe('TERMINATED');
    await h.client.workflow.getHandle(abandonedId).terminate('cleanup');
  });

  it('cancels a child workflow from the parent', async () => {
    expect(await h.client.workflow.execute('parentCancelsChild', { taskQueue, workflowId: uid('pc') })).toBe('child cancelled');
  });

  it('continues as new and follows the run chain to the result', async () => {
    const handle = await h.client.workflow.start('looper', { taskQueue, workflowId: uid('loop'), args: [4, 0] });
    expect(await handle.result()).toBe(10);
    const desc = await handle.describe();
    expect(desc.runId).not.toBe(handle.firstExecutionRunId);
  });

  it('cancels a workflow, which runs its cleanup activity, and terminates another', async () => {
    const handle = await h.client.workflow.start('cancellableWorkflow', { taskQueue, workflowId: uid('cancel') });
    await new Promise((r) => setTimeout(r, 100));
    await handle.cancel();
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    const types = (await handle.fetchHistory()).events!.map((e) => e.eventType);
    expect(types).toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);

    const other = await h.client.workflow.start('waitForever', { taskQueue, workflowId: uid('term') });
    await other.terminate('enough');
    expect((await other.describe()).status.name).toBe('TERMINATED');
    await expect(other.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  });

  it('enforces id conflict and reuse policies and de-duplicates by request id', async () => {
    const workflowId = uid('ids');
    const first = await h.client.workflow.start('waitForever', { taskQueue, workflowId });
    await expect(h.client.workflow.start('waitForever', { taskQueue, workflowId })).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    const existing = await h.client.workflow.start('waitForever', { taskQueue, workflowId, workflowIdConflictPolicy: 'USE_EXISTING' });
    expect(existing.firstExecutionRunId).toBe(first.firstExecutionRunId);
    const replaced = await h.client.workflow.start('waitForever', { taskQueue, workflowId, workflowIdConflictPolicy: 'TERMINATE_EXISTING' });
    expect(replaced.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
    expect((await h.client.workflow.getHandle(workflowId, first.firstExecutionRunId).describe()).status.name).toBe('TERMINATED');
    await replaced.terminate();
    await expect(h.client.workflow.start('waitForever', { taskQueue, workflowId, workflowIdReusePolicy: 'REJECT_DUPLICATE' })).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
    // ALLOW_DUPLICATE_FAILED_ONLY admits a new run after a terminated one
    const again = await h.client.workflow.start('waitForever', { taskQueue, workflowId, workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' });
    await again.terminate();

    // the same request id twice returns the same run
    const svc = h.connection.workflowService;
    const req = {
      namespace: 'default',
      workflowId: uid('dedup'),
      workflowType: { name: 'waitForever' },
      taskQueue: { name: taskQueue },
      requestId: 'req-1',
    };
    const a = await svc.startWorkflowExecution(req);
    const b = await svc.startWorkflowExecution(req);
    expect(b.runId).toBe(a.runId);
    await h.client.workflow.getHandle(req.workflowId).terminate();
  });
});
