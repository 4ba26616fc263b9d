import { Worker } from '@temporalio/worker';
import { createTemporalEnv } from '../../test/support/temporal-env';
import type { TemporalEnv } from '../../test/support/temporal-env';
import { cachedBundle, quietRuntime, uid } from './helpers';

describe('test/support createTemporalEnv on the shared temporal-lite', () => {
  let env: TemporalEnv;
  beforeAll(async () => {
    quietRuntime();
    env = await createTemporalEnv();
  });
  afterAll(async () => {
    await env.teardown();
  });

  it('runs a workflow and skips a day of server time with sleep()', async () => {
    // given a worker on the shared server and a workflow waiting one day
    const taskQueue = uid('env');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await cachedBundle(),
      activities: await import('./fixtures/activities'),
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('timerWorkflow', { taskQueue, workflowId: uid('env'), args: [86_400_000] });
      await new Promise((r) => setTimeout(r, 1000));
      const before = await env.now();
      // when the test sleeps a day
      await env.sleep('1d');
      // then the timer has fired and server time moved by at least a day
      expect(await handle.result()).toBe('fired');
      expect((await env.now()).getTime() - before.getTime()).toBeGreaterThanOrEqual(86_400_000);
    });
  });
});
