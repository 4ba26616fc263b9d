import { WorkflowFailedError } from '@temporalio/client';
import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';

describe('temporal-lite basics with the real SDK', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('runs a workflow with an activity to completion', async () => {
    // given a worker
    const w = await h.worker();
    // when a workflow is started and awaited
    const result = await h.client.workflow.execute('greet', { taskQueue: w.taskQueue, workflowId: uid('greet'), args: ['lite'] });
    // then the activity result comes back
    expect(result).toBe('hello lite');
    await w.stop();
  });

  it('runs sequential activities and a timer', async () => {
    const w = await h.worker();
    const result = await h.client.workflow.execute('sequence', { taskQueue: w.taskQueue, workflowId: uid('seq'), args: [3] });
    expect(result).toEqual(['hello 0', 'hello 1', 'hello 2']);
    await w.stop();
  });

  it('reports a workflow failure with its application failure type', async () => {
    const w = await h.worker();
    const err = await h.client.workflow
      .execute('failing', { taskQueue: w.taskQueue, workflowId: uid('fail'), args: ['RuleBroken'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toMatchObject({ type: 'RuleBroken', message: 'business rule broken' });
    await w.stop();
  });
});
