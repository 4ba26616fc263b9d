import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';

describe('temporal-lite: the BuildIds system search attribute', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('records the build id of the unversioned worker that completed the workflow tasks', async () => {
    // given an unversioned worker with a build id
    const buildId = uid('build');
    const w = await h.worker({ buildId });

    // when it runs a workflow to completion
    const handle = await h.client.workflow.start('greet', {
      taskQueue: w.taskQueue,
      workflowId: uid('bids'),
      args: ['x'],
    });
    expect(await handle.result()).toBe('hello x');

    // then describe shows the build id as a real server records it, once
    const d = await handle.describe();
    expect(d.searchAttributes.BuildIds).toEqual(['unversioned', `unversioned:${buildId}`]);
    await w.stop();
  });
});
