import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';

describe('temporal-lite: an accepted update whose workflow closes first fails as on a real server', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(['return', 'fail', 'continue'])(
    'fails it with AcceptedUpdateCompletedWorkflow when the workflow closes by %s',
    async (mode) => {
      // given a workflow whose update handler has accepted an update and never finishes
      const w = await h.worker();
      const handle = await h.client.workflow.start('closesUnderUpdate', {
        taskQueue: w.taskQueue,
        workflowId: uid('closes'),
        args: ['wait'],
      });
      const update = await handle.startUpdate('hang', { waitForStage: WorkflowUpdateStage.ACCEPTED });

      // when the workflow closes
      await handle.signal('close', mode);
      const closed = handle.result().then(
        (v: unknown) => v,
        (e: unknown) => e,
      );

      // then the update's caller gets the server's failure, and the workflow closed as it chose
      const err = await update.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (err as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('AcceptedUpdateCompletedWorkflow');
      expect((cause as ApplicationFailure).message).toMatch(/Workflow completed before the Update completed/);
      const outcome = await closed;
      if (mode === 'return') expect(outcome).toBe('return');
      else if (mode === 'continue') expect(outcome).toBe('done');
      else expect(outcome).toBeInstanceOf(Error);
      await w.stop();
    },
  );
});
