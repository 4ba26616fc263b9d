// Maps a refusal from the case workflow (update validator or handler) to the contract's HTTP error.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseRejection } from '../../workflows/messages';
import { ApiError, type ErrorDetail } from '../common/error-body';

/** Field problems a refusal carries as its first failure detail ({field, code, message}[]). */
function fieldDetails(failure: ApplicationFailure): ErrorDetail[] | undefined {
  const first: unknown = failure.details?.[0];
  if (!Array.isArray(first)) return undefined;
  const details = first.filter(
    (d): d is { field: string; code?: string; message: string } =>
      typeof d === 'object' && d !== null && typeof (d as { field?: unknown }).field === 'string',
  );
  return details.length
    ? details.map((d) => ({
        field: `variables.${d.field}`,
        message: d.message,
        ...(d.code ? { code: d.code } : {}),
      }))
    : undefined;
}

const STATUS_BY_REJECTION: Record<CaseRejection, number> = {
  TASK_NOT_OPEN: 409,
  CASE_NOT_ACTIVE: 409,
  NO_INCIDENT: 409,
  DECISION_REQUIRED: 400,
  DECISION_NOT_ALLOWED: 400,
  FIELD_NOT_WRITABLE: 400,
  FIELD_INVALID: 400,
  FOUR_EYES: 403,
  CONFLICT_OF_INTEREST: 403,
  NOT_CANDIDATE: 403,
  // process-instance modification: a bad request names the element; a state conflict is 409
  MODIFICATION_EMPTY: 400,
  ELEMENT_NOT_FOUND: 400,
  ELEMENT_NOT_ACTIVATABLE: 400,
  VARIABLE_SCOPE_INVALID: 400,
  SCOPE_NOT_ACTIVE: 409,
  SCOPE_AMBIGUOUS: 409,
  ANCESTOR_INVALID: 409,
  ELEMENT_INSTANCE_NOT_FOUND: 409,
  ELEMENT_INSTANCE_NOT_TERMINABLE: 409,
};

/** The BPMN element a refusal names (its first failure detail `{elementId}`), as the answer's one detail. */
function elementDetails(failure: ApplicationFailure): ErrorDetail[] | undefined {
  const first: unknown = failure.details?.[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return undefined;
  const elementId = (first as { elementId?: unknown }).elementId;
  return typeof elementId === 'string' ? [{ elementId, message: failure.message }] : undefined;
}

/** Returns the ApiError for a known workflow refusal, or undefined for anything else (rethrow it). */
export function workflowRefusal(err: unknown, what: string): ApiError | undefined {
  if (err instanceof WorkflowNotFoundError)
    return new ApiError(409, `${what}: the case is no longer running`);
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      const status = STATUS_BY_REJECTION[cause.type as CaseRejection] as number | undefined;
      // the workflow's reason is the stable `code` of the answer (contract §2)
      const code = cause.type ?? undefined;
      return new ApiError(
        status ?? 409,
        `${what}: ${cause.message}`,
        fieldDetails(cause) ?? elementDetails(cause),
        code,
      );
    }
  }
  return undefined;
}

/** The workflow id of a case. */
export const caseWorkflowId = (caseId: string) => `case-${caseId}`;
