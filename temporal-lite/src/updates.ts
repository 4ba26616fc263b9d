// Update lifecycle rules shared by the engine's close paths.
import type { Execution } from './types';

/** What a real server gives an accepted update whose workflow closed (completed, failed, was cancelled or
 * terminated, timed out or continued as new) before the update completed. No history event records it. */
export const acceptedUpdateCompletedWorkflowFailure = {
  message: 'Workflow Update failed because the Workflow completed before the Update completed.',
  source: 'Server',
  applicationFailureInfo: { type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true },
};

/** Settles the run's accepted updates as failed and wakes everyone waiting on an update. Admitted (never accepted)
 * updates stay as they are: their waiters see the closed run and get "workflow execution already completed". */
export function settleUpdatesOnClose(exec: Execution): void {
  for (const u of exec.updates.values()) {
    if (u.stage === 'completed') continue;
    if (u.stage === 'accepted') {
      u.stage = 'completed';
      u.outcome = { failure: acceptedUpdateCompletedWorkflowFailure };
    }
    for (const w of [...u.waiters]) w();
  }
}
