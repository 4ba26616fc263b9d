import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';

// PollWorkflowExecutionUpdate without a wait policy, as on the dev server 1.32 (LITE_TEST_TARGET=dev-server); the
// SDK's "coherent promise completion ordering" test polls so to learn that its update was admitted.
describe('temporal-lite: update polls', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers an update poll without a wait policy at once with the current stage', async () => {
    // given an update admitted on a workflow no worker serves
    const handle = await h.client.workflow.start('counter', {
      taskQueue: uid('tq-nobody'),
      workflowId: uid('poll'),
    });
    const svc = h.connection.workflowService;
    const update = h.connection
      .withDeadline(Date.now() + 1_000, () =>
        svc.updateWorkflowExecution({
          namespace: 'default',
          workflowExecution: { workflowId: handle.workflowId },
          request: { meta: { updateId: 'u1' }, input: { name: 'setValue' } },
          waitPolicy: { lifecycleStage: 2 },
        }),
      )
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));

    // when it is polled without a wait policy
    const started = Date.now();
    const resp = await h.connection.withDeadline(Date.now() + 10_000, () =>
      svc.pollWorkflowExecutionUpdate({
        namespace: 'default',
        updateRef: { workflowExecution: { workflowId: handle.workflowId }, updateId: 'u1' },
      }),
    );

    // then the answer comes at once: admitted
    expect(resp.stage).toBe(1); // UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED
    expect(Date.now() - started).toBeLessThan(1_000);
    await update;
    await handle.terminate();
  });
});
