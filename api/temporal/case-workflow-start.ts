// Starting a case's workflow from the API: by name (the API holds no workflow code, only its type), on the
// configured task queue, with the per-case task limit. Idempotent: a workflow already started counts as started.
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppConfig } from '../../config/app-config';
import type { runCase } from '../../workflows/run-case.workflow';
import { caseWorkflowId } from '../cases/workflow-errors';

type RunCaseInput = Parameters<typeof runCase>[0];

/** Starts case-<caseId>; false when it was already started (a retry, the reconciler). */
export async function startCaseWorkflow(
  temporal: Client,
  config: Pick<AppConfig, 'taskQueue' | 'maxOpenTasksPerCase'>,
  input: Omit<RunCaseInput, 'maxOpenTasks'>,
): Promise<boolean> {
  try {
    await temporal.workflow.start<typeof runCase>('runCase', {
      taskQueue: config.taskQueue,
      workflowId: caseWorkflowId(input.caseId),
      args: [{ ...input, maxOpenTasks: config.maxOpenTasksPerCase }],
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}
