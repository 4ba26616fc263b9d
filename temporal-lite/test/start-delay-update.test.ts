import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';

describe('temporal-lite: an update ends a start delay', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('dispatches the first workflow task at once to deliver an update sent during the start delay', async () => {
    // given a workflow started with a start delay far in the future
    const w = await h.worker();
    const handle = await h.client.workflow.start('counter', {
      taskQueue: w.taskQueue,
      workflowId: uid('delayed'),
      startDelay: '10000 days',
    });

    // when an update arrives during the delay
    const old = await handle.executeUpdate<number, [number]>('setValue', { args: [7] });

    // then the workflow ran its first task with the update and keeps running as usual
    expect(old).toBe(0);
    await handle.signal('finish');
    expect(await handle.result()).toBe(7);
    await w.stop();
  });
});
