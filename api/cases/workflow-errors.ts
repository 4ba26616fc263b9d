// Maps a refusal from the case workflow (update validator or handler) to the contract's HTTP error.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseRejection } from '../../workflows/messages';
import { ApiError } from '../common/error-body';

const STATUS_BY_REJECTION: Record<CaseRejection, number> = {
  TASK_NOT_OPEN: 409,
  CASE_NOT_ACTIVE: 409,
  NO_INCIDENT: 409,
  DECISION_REQUIRED: 400,
  DECISION_NOT_ALLOWED: 400,
  FOUR_EYES: 403,
  CONFLICT_OF_INTEREST: 403,
  NOT_CANDIDATE: 403,
};

/** Returns the ApiError for a known workflow refusal, or undefined for anything else (rethrow it). */
export function workflowRefusal(err: unknown, what: string): ApiError | undefined {
  if (err instanceof WorkflowNotFoundError)
    return new ApiError(409, `${what}: the case is no longer running`);
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      const status = STATUS_BY_REJECTION[cause.type as CaseRejection] as number | undefined;
      if (status) return new ApiError(status, `${what}: ${cause.message}`);
      return new ApiError(409, `${what}: ${cause.message}`);
    }
  }
  return undefined;
}

/** The workflow id of a case. */
export const caseWorkflowId = (caseId: string) => `case-${caseId}`;
