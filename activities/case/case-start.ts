// Starting a case's workflow from an activity (signal and timer start events): on the activity's own task queue, by
// workflow name (activities hold no workflow code), under a workflow id derived from the caller's idempotency key,
// so a retried activity starts the same case once.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';

/** A UUID (version-4 layout) derived from `seed`, so a retried start names the same case. */
export function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface CaseStart {
  caseId: string;
  processKey: string;
  processVersion: number;
  businessKey: string;
  variables: Record<string, unknown>;
  /** the start event that fired */
  startEvent: string;
  startedBy?: string;
  startData?: Record<string, unknown>;
}

/** Starts case-<caseId>; a workflow already started (a retried activity) counts as started. */
export async function startCaseFromActivity(start: CaseStart, maxOpenTasks?: number): Promise<void> {
  const { client, info } = Context.current();
  try {
    await client.workflow.start('runCase', {
      taskQueue: info.taskQueue,
      workflowId: `case-${start.caseId}`,
      // the worker's MAX_OPEN_TASKS_PER_CASE, as the API passes it to the cases it starts
      args: [{ ...start, ...(maxOpenTasks ? { maxOpenTasks } : {}) }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
