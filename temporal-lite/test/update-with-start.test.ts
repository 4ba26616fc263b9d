import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/client';
import { isGrpcServiceError } from '@temporalio/client';
import { status } from '@grpc/grpc-js';
import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';
import type { counter } from './fixtures/workflows';

// ExecuteMultiOperation (update-with-start). The error shapes (code, MultiOperationExecutionFailure with the other
// operation "aborted", messages) were checked against the dev server 1.32 with a raw client.
describe('temporal-lite: update-with-start', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const startOp = (
    taskQueue: string,
    workflowId: string,
    policy: 'USE_EXISTING' | 'FAIL',
  ): WithStartWorkflowOperation<typeof counter> =>
    new WithStartWorkflowOperation<typeof counter>('counter', {
      taskQueue,
      workflowId,
      workflowIdConflictPolicy: policy,
    });

  it('starts the workflow with the update in its first task, then updates the running one', async () => {
    // given no workflow with this id
    const w = await h.worker();
    const workflowId = uid('uws');

    // when update-with-start runs twice with conflict policy USE_EXISTING
    const first = await h.client.workflow.executeUpdateWithStart<typeof counter, number, [number]>(
      'setValue',
      {
        args: [5],
        startWorkflowOperation: startOp(w.taskQueue, workflowId, 'USE_EXISTING'),
      },
    );
    const op2 = startOp(w.taskQueue, workflowId, 'USE_EXISTING');
    const second = await h.client.workflow.executeUpdateWithStart<typeof counter, number, [number]>(
      'setValue',
      {
        args: [9],
        startWorkflowOperation: op2,
      },
    );

    // then the first started the run and the second updated that same run
    expect(first).toBe(0);
    expect(second).toBe(5);
    const handle = await op2.workflowHandle();
    await handle.signal('finish');
    expect(await handle.result()).toBe(9);
    // and the first update was accepted in the first workflow task (events 1-4: started, task scheduled/started/done)
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);
    expect(events[4]?.workflowExecutionUpdateAcceptedEventAttributes).toBeTruthy();
    await w.stop();
  });

  it('fails both the update and the start with WorkflowExecutionAlreadyStartedError under conflict policy FAIL', async () => {
    // given a running workflow
    const w = await h.worker();
    const workflowId = uid('uws-fail');
    await h.client.workflow.start('counter', { taskQueue: w.taskQueue, workflowId });

    // when update-with-start with conflict policy FAIL targets it
    const op = startOp(w.taskQueue, workflowId, 'FAIL');
    const update = h.client.workflow.startUpdateWithStart('setValue', {
      args: [1],
      waitForStage: 'ACCEPTED',
      startWorkflowOperation: op,
    });

    // then both the update and the workflow handle fail as "already started"
    await expect(update).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    await expect(op.workflowHandle()).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    await h.client.workflow.getHandle(workflowId).terminate();
    await w.stop();
  });

  it('answers INVALID_ARGUMENT for a too long workflow id, carried as the start operation status', async () => {
    // given a workflow id over the real server's 1000-character limit
    const op = startOp('nowhere', 'x'.repeat(1001), 'FAIL');

    // when update-with-start is sent
    const err: unknown = await h.client.workflow
      .startUpdateWithStart('setValue', { args: [1], waitForStage: 'ACCEPTED', startWorkflowOperation: op })
      .catch((e: unknown) => e);

    // then the SDK sees the start operation's own status
    expect(isGrpcServiceError(err) && err.code).toBe(status.INVALID_ARGUMENT);
    expect((err as Error).message).toBe('WorkflowId exceeds maximum allowed length (1001/1000)');
  });

  it('refuses an 11th in-flight update with RESOURCE_EXHAUSTED', async () => {
    // given a workflow holding ten accepted updates that never finish
    const w = await h.worker();
    const workflowId = uid('uws-limit');
    for (let i = 0; i < 10; i++) {
      await h.client.workflow.startUpdateWithStart('waitFor', {
        args: [`k${i}`],
        waitForStage: 'ACCEPTED',
        startWorkflowOperation: startOp(w.taskQueue, workflowId, 'USE_EXISTING'),
      });
    }

    // when an 11th arrives (a client without the SDK's retries, which would retry RESOURCE_EXHAUSTED)
    const connection = await Connection.connect({ address: h.lite.address, interceptors: [] });
    const client = new Client({ connection });
    const err: unknown = await client.workflow
      .startUpdateWithStart('waitFor', {
        args: ['k10'],
        waitForStage: 'ACCEPTED',
        startWorkflowOperation: startOp(w.taskQueue, workflowId, 'USE_EXISTING'),
      })
      .catch((e: unknown) => e);

    // then it is refused as on a real server (history.maxInFlightUpdates = 10)
    expect(isGrpcServiceError(err) && err.code).toBe(status.RESOURCE_EXHAUSTED);
    await connection.close();
    await h.client.workflow.getHandle(workflowId).terminate();
    await w.stop();
  });
});
