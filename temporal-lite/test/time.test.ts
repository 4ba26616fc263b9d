import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import type { LiteHarness } from './helpers';
import { startHarness, uid, waitForEvent } from './helpers';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;

const DAY = 86_400_000;

describe('temporal-lite time: realtime offset', () => {
  let h: LiteHarness;
  let taskQueue: string;
  beforeAll(async () => {
    h = await startHarness({ timeMode: 'realtime' });
    ({ taskQueue } = await h.worker());
  });
  afterAll(async () => {
    await h.close();
  });

  it('clock.advance moves server time and fires a due timer', async () => {
    // given a workflow waiting on a one-day timer
    const handle = await h.client.workflow.start('timerWorkflow', { taskQueue, workflowId: uid('rt'), args: [DAY] });
    await waitForEvent(handle, EventType.EVENT_TYPE_TIMER_STARTED);
    const before = h.lite.clock.now().getTime();
    // when the clock is advanced by a day
    const after = await h.lite.clock.advance('1d');
    // then the timer fires and the server time moved
    expect(await handle.result()).toBe('fired');
    expect(after.getTime() - before).toBeGreaterThanOrEqual(DAY);
  });

  it('clock.advance fires chained timers each at its own time', async () => {
    const handle = await h.client.workflow.start('chain', { taskQueue, workflowId: uid('rtchain') });
    await waitForEvent(handle, EventType.EVENT_TYPE_TIMER_STARTED);
    await h.lite.clock.advance('3d');
    expect(await handle.result()).toBe('done after hello between');
  });
});

describe('temporal-lite time: skip mode (TestService)', () => {
  let h: LiteHarness;
  let taskQueue: string;
  beforeAll(async () => {
    h = await startHarness({ timeMode: 'skip' });
    ({ taskQueue } = await h.worker());
  });
  afterAll(async () => {
    await h.close();
  });

  it('is locked by default: a long timer does not fire on its own', async () => {
    const handle = await h.client.workflow.start('timerWorkflow', { taskQueue, workflowId: uid('locked'), args: [DAY] });
    await new Promise((r) => setTimeout(r, 500));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate();
  });

  it('UnlockTimeSkippingWithSleep skips over timers, including chained ones', async () => {
    const svc = h.connection.testService!;
    const t0 = tsToMs((await svc.getCurrentTime({})).time);
    const handle = await h.client.workflow.start('timerWorkflow', { taskQueue, workflowId: uid('sleep'), args: [DAY] });
    await waitForEvent(handle, EventType.EVENT_TYPE_TIMER_STARTED);
    await svc.unlockTimeSkippingWithSleep({ duration: msToTs(2 * DAY) });
    expect(await handle.result()).toBe('fired');
    const t1 = tsToMs((await svc.getCurrentTime({})).time);
    expect(t1 - t0).toBeGreaterThanOrEqual(2 * DAY);
    // a timer, an activity, then another timer: all inside one skipped sleep
    const chained = await h.client.workflow.start('chain', { taskQueue, workflowId: uid('chain') });
    await waitForEvent(chained, EventType.EVENT_TYPE_TIMER_STARTED);
    await svc.unlockTimeSkippingWithSleep({ duration: msToTs(3 * DAY) });
    expect(await chained.result()).toBe('done after hello between');
  });

  it('when unlocked and idle, jumps to the next timer', async () => {
    const svc = h.connection.testService!;
    const handle = await h.client.workflow.start('sequence', { taskQueue, workflowId: uid('unlocked'), args: [2] });
    const long = await h.client.workflow.start('timerWorkflow', { taskQueue, workflowId: uid('unlocked'), args: [3 * DAY] });
    await svc.unlockTimeSkipping({});
    try {
      expect(await long.result()).toBe('fired');
      expect(await handle.result()).toEqual(['hello 0', 'hello 1']);
    } finally {
      await svc.lockTimeSkipping({});
    }
  });
});

describe('temporal-lite retention', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness({ timeMode: 'realtime', retention: '1h' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('removes a closed workflow once the retention period has passed, keeps open ones', async () => {
    const w = await h.worker();
    const done = await h.client.workflow.start('greet', { taskQueue: w.taskQueue, workflowId: uid('ret'), args: ['r'] });
    await done.result();
    const open = await h.client.workflow.start('waitForever', { taskQueue: w.taskQueue, workflowId: uid('ret-open') });
    await h.lite.clock.advance('30m');
    expect((await done.describe()).status.name).toBe('COMPLETED');
    await h.lite.clock.advance('31m');
    await expect(done.describe()).rejects.toThrow(/not found/i);
    expect((await open.describe()).status.name).toBe('RUNNING');
    await w.stop();
  });
});
