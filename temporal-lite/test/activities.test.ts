import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';
import { observed } from './fixtures/activities';
import type { ActivityOutcome } from './fixtures/workflows';

describe('temporal-lite activities: retries, timeouts, heartbeats, cancellation, async completion', () => {
  let h: LiteHarness;
  let taskQueue: string;
  const run = (name: string, args: unknown[], options: Record<string, unknown>): Promise<ActivityOutcome> =>
    h.client.workflow.execute('runActivity', { taskQueue, workflowId: uid(name), args: [name, args, options] });

  beforeAll(async () => {
    h = await startHarness();
    ({ taskQueue } = await h.worker());
  });
  afterAll(async () => {
    await h.close();
  });

  it('retries with backoff until success, within maximum attempts', async () => {
    const started = Date.now();
    const out = await run('flaky', [uid('k'), 3], { startToCloseTimeout: '5s', retry: { initialInterval: '100ms', backoffCoefficient: 2, maximumAttempts: 5 } });
    expect(out).toEqual({ ok: true, value: 3 });
    // backoff 100ms then 200ms on the server clock
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('stops at maximum attempts and at non-retryable error types', async () => {
    const exhausted = await run('flaky', [uid('k'), 10], { startToCloseTimeout: '5s', retry: { initialInterval: '10ms', maximumAttempts: 2 } });
    expect(exhausted).toMatchObject({ ok: false, message: 'attempt 2 failed', causeType: 'Transient' });
    const nonRetryable = await run('flaky', [uid('k'), 10], { startToCloseTimeout: '5s', retry: { initialInterval: '10ms', nonRetryableErrorTypes: ['Transient'] } });
    expect(nonRetryable).toMatchObject({ ok: false, message: 'attempt 1 failed' });
  });

  it('enforces start-to-close, schedule-to-start, schedule-to-close and heartbeat timeouts', async () => {
    const noRetry = { maximumAttempts: 1 };
    expect(await run('slow', [3000], { startToCloseTimeout: '300ms', retry: noRetry })).toMatchObject({ ok: false, timeoutType: 'START_TO_CLOSE' });
    expect(await run('slow', [10], { taskQueue: uid('nobody'), scheduleToStartTimeout: '300ms', startToCloseTimeout: '5s', retry: noRetry })).toMatchObject({
      ok: false,
      timeoutType: 'SCHEDULE_TO_START',
    });
    expect(await run('slow', [3000], { scheduleToCloseTimeout: '400ms' })).toMatchObject({ ok: false, timeoutType: 'SCHEDULE_TO_CLOSE' });
    expect(await run('slow', [3000], { startToCloseTimeout: '10s', heartbeatTimeout: '300ms', retry: noRetry })).toMatchObject({ ok: false, timeoutType: 'HEARTBEAT' });
  });

  it('gives the next attempt the heartbeat details of the previous one', async () => {
    const key = uid('hb');
    const out = await run('heartbeatThenFail', [key], { startToCloseTimeout: '5s', retry: { initialInterval: '50ms', maximumAttempts: 3 } });
    expect(out).toEqual({ ok: true, value: { progress: 7 } });
  });

  it('delivers cancellation through the heartbeat response', async () => {
    const key = uid('cancel');
    expect(await h.client.workflow.execute('cancelActivity', { taskQueue, workflowId: uid('ca'), args: [key] })).toBe('cancelled');
    expect(observed.cancelled.has(key)).toBe(true);
  });

  it('completes an activity asynchronously by task token', async () => {
    const key = uid('async');
    const handle = await h.client.workflow.start('runActivity', { taskQueue, workflowId: uid('async'), args: ['completeLater', [key], { startToCloseTimeout: '1m' }] });
    let tok: Uint8Array | undefined;
    for (let i = 0; i < 200 && !tok; i++) {
      tok = observed.tokens.get(key);
      if (!tok) await new Promise((r) => setTimeout(r, 25));
    }
    await h.client.activity.heartbeat(tok!, 'still going');
    await h.client.activity.complete(tok!, 'finished elsewhere');
    expect(await handle.result()).toEqual({ ok: true, value: 'finished elsewhere' });
    // the token is spent now
    await expect(h.client.activity.complete(tok!, 'again')).rejects.toThrow();
  });
});
