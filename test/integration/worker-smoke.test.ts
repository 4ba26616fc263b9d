// The smoke workflow on a real worker, temporal-lite and PostgreSQL: activity write, signal, update, query, result.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createActivities } from '../../activities/create-activities';
import type { SmokeRecord } from '../../activities/smoke.activities';
import { smokeConfirmUpdate, smokeProceedSignal, smokeStateQuery } from '../../workflows/messages';
import { smokeWorkflow } from '../../workflows/smoke.workflow';
import type { TemporalEnv } from '../support/temporal-env';
import type { TestDatabase } from '../support/test-database';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { eventually } from '../support/eventually';

const SMOKE_ROWS = `select key from idempotency_keys where key like $1 order by key`;

describe('worker smoke workflow', () => {
  let db: TestDatabase;
  let env: TemporalEnv;
  let stack: WorkerStack;
  const taskQueue = `smoke-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    stack = await startWorkerStack('worker-smoke', taskQueue);
    ({ db, env } = stack);
  });
  afterAll(() => stack?.stop());

  it('given a started smoke workflow, when signalled and confirmed, then it completes with two idempotent rows', async () => {
    const workflowId = `smoke-happy-${Date.now()}`;
    const handle = await env.client.workflow.start(smokeWorkflow, {
      taskQueue,
      workflowId,
      args: [{ label: 'happy' }],
    });

    const waiting = await eventually(
      () => handle.query(smokeStateQuery),
      (s) => s.phase === 'waiting-signal',
    );
    expect(waiting.rows).toBe(1);
    expect(await db.dataSource.query(SMOKE_ROWS, [`smoke:${workflowId}:%`])).toEqual([
      { key: `smoke:${workflowId}:start` },
    ]);

    // An update before the signal is rejected by the validator and changes nothing.
    await expect(
      handle.executeUpdate(smokeConfirmUpdate, { args: [{ by: 'too-early' }] }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    await handle.signal(smokeProceedSignal, { note: 'go' });
    await eventually(
      () => handle.query(smokeStateQuery),
      (s) => s.phase === 'waiting-update',
    );
    const accepted = await handle.executeUpdate(smokeConfirmUpdate, { args: [{ by: 'reviewer' }] });
    expect(accepted).toMatchObject({ phase: 'finishing', confirmedBy: 'reviewer', note: 'go' });

    const result = await handle.result();
    expect(result).toMatchObject({ label: 'happy', note: 'go', confirmedBy: 'reviewer' });
    expect(result.rowIds).toHaveLength(2);
    expect(await db.dataSource.query(SMOKE_ROWS, [`smoke:${workflowId}:%`])).toEqual([
      { key: `smoke:${workflowId}:finish` },
      { key: `smoke:${workflowId}:start` },
    ]);
    expect((await handle.query(smokeStateQuery)).phase).toBe('completed');
  });

  it('given no signal, when a day of server time passes, then the workflow fails with a typed business error', async () => {
    const handle = await env.client.workflow.start(smokeWorkflow, {
      taskQueue,
      workflowId: `smoke-timeout-${Date.now()}`,
      args: [{ label: 'late', signalTimeout: '1 day' }],
    });
    await eventually(
      () => handle.query(smokeStateQuery),
      (s) => s.phase === 'waiting-signal',
    );
    await env.sleep('25h');
    const err = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as { cause?: unknown }).cause).toBeInstanceOf(ApplicationFailure);
    expect((err as { cause: ApplicationFailure }).cause.type).toBe('SmokeTimedOut');
  });

  it('given the same workflow and step, when the activity runs twice (a retry), then one row is written', async () => {
    const activities = createActivities({ dataSource: db.dataSource });
    const mock = new MockActivityEnvironment({
      workflowExecution: { workflowId: `smoke-retry-${Date.now()}`, runId: 'r1' },
      attempt: 1,
    });
    const first: SmokeRecord = await mock.run(activities.recordSmokeStep, { step: 'start', label: 'x' });
    const retry = new MockActivityEnvironment({
      workflowExecution: mock.context.info.workflowExecution,
      attempt: 2,
    });
    const second: SmokeRecord = await retry.run(activities.recordSmokeStep, { step: 'start', label: 'x' });

    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
  });

  it('given an invalid step, when the activity runs, then a non-retryable typed ApplicationFailure is thrown', async () => {
    const activities = createActivities({ dataSource: db.dataSource });
    const mock = new MockActivityEnvironment({ workflowExecution: { workflowId: 'wf', runId: 'r' } });
    const err = await mock
      .run(activities.recordSmokeStep, { step: 'bad step!', label: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'SmokeInvalidInput', nonRetryable: true });
  });
});
