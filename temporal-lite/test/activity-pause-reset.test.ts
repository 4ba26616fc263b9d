import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';
import type { runActivity } from './fixtures/workflows';

// PauseActivity / UnpauseActivity / ResetActivity on a running attempt: the attempt learns it from its heartbeat
// response (activity_paused / activity_reset) and the SDK cancels it with those details, as on the dev server 1.32.
describe('temporal-lite: activity pause, unpause and reset', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const run = async (what: Record<string, boolean>): Promise<unknown> => {
    const w = await h.worker();
    try {
      const out = await h.client.workflow.execute<typeof runActivity>('runActivity', {
        taskQueue: w.taskQueue,
        workflowId: uid('pause-reset'),
        args: [
          'pauseOrResetSelf',
          [what],
          { startToCloseTimeout: '10s', heartbeatTimeout: '2s', retry: { maximumAttempts: 2 } },
        ],
      });
      return out.value;
    } finally {
      await w.stop();
    }
  };

  it('tells a running attempt it was paused', async () => {
    expect(await run({ pause: true })).toEqual({ paused: true, reset: false });
  });

  it('tells a running attempt it was reset', async () => {
    expect(await run({ reset: true })).toEqual({ paused: false, reset: true });
  });

  it('unpauses a running attempt that is reset after a pause, unless told to keep it paused', async () => {
    expect(await run({ pause: true, reset: true })).toEqual({ paused: false, reset: true });
    expect(await run({ pause: true, reset: true, keepPaused: true })).toEqual({ paused: true, reset: true });
  });

  it('retries a paused attempt that failed once it is unpaused', async () => {
    expect(await run({ pause: true, unpause: true, retry: true })).toEqual({ attempt: 2 });
  });

  it('retries a reset attempt that failed', async () => {
    expect(await run({ reset: true, retry: true })).toEqual({ attempt: 2 });
  });
});
