import { WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';
import type { failsUntilAttempt } from './fixtures/workflows';

const EventType = temporal.api.enums.v1.EventType;
const RetryState = temporal.api.enums.v1.RetryState;

// The workflow-level retry policy: a failed run is followed by a new run of the same chain (attempt + 1, the failure
// as lastFailure), as on the dev server 1.32 (LITE_TEST_TARGET=dev-server).
describe('temporal-lite: workflow retry policy', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('retries a failed run in a new run that sees the attempt and the last failure', async () => {
    // given a workflow that fails its first attempt, started with a retry policy
    const w = await h.worker();
    const handle = await h.client.workflow.start<typeof failsUntilAttempt>('failsUntilAttempt', {
      taskQueue: w.taskQueue,
      workflowId: uid('wf-retry'),
      args: [2],
      retry: { initialInterval: '10ms', maximumAttempts: 3 },
    });

    // when the client waits for the result (following the runs)
    const result = await handle.result();

    // then the second attempt ran in a new run and saw the first one's failure
    expect(result).toEqual({ attempt: 2, lastFailure: 'attempt 1 failed' });
    const first = await h.client.workflow
      .getHandle(handle.workflowId, handle.firstExecutionRunId)
      .fetchHistory();
    const failed = first.events?.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    const attrs = failed?.workflowExecutionFailedEventAttributes;
    expect(attrs?.retryState).toBe(RetryState.RETRY_STATE_IN_PROGRESS);
    const { runId } = await handle.describe();
    expect(attrs?.newExecutionRunId).toBe(runId);
    expect(runId).not.toBe(handle.firstExecutionRunId);
    await w.stop();
  });

  it('fails for good once the maximum attempts are used', async () => {
    // given a workflow that would succeed only on attempt 5, allowed 2 attempts
    const w = await h.worker();
    const handle = await h.client.workflow.start<typeof failsUntilAttempt>('failsUntilAttempt', {
      taskQueue: w.taskQueue,
      workflowId: uid('wf-retry-max'),
      args: [5],
      retry: { initialInterval: '10ms', maximumAttempts: 2 },
    });

    // when the client waits for the result
    const err: unknown = await handle.result().catch((e: unknown) => e);

    // then the last attempt's failure is the result, marked as maximum attempts reached
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause?.message).toBe('attempt 2 failed');
    expect((err as WorkflowFailedError).retryState).toBe('MAXIMUM_ATTEMPTS_REACHED');
    await w.stop();
  });
});
