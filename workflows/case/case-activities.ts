// The activities the case workflow calls, with their options (one proxy each, shared by every part of the workflow).
import { ApplicationFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/case/case.activities';
import { INTERNAL_FAILURE_TYPES } from '../../bpmn/engine/internal-failures';
import type { CaseRejection } from './case-messages';

export const db = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '200ms', maximumInterval: '30s', nonRetryableErrorTypes: INTERNAL_FAILURE_TYPES },
});

// Read-model writes as local activities: no server round trip per step (histories before this patch use `db`).
export const localDb = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '1m',
  localRetryThreshold: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '30s', nonRetryableErrorTypes: INTERNAL_FAILURE_TYPES },
});

/** A service task's activity, with the element's `retries` attempts. */
export function serviceTaskActivities(retries: number): CaseActivities {
  return proxyActivities<CaseActivities>({
    startToCloseTimeout: '5m',
    retry: {
      initialInterval: '200ms',
      backoffCoefficient: 2,
      maximumInterval: '10s',
      maximumAttempts: Math.max(1, retries),
    },
  });
}

/**
 * An external job (bpmn/task-types): the activity stores the job with its task token and completes asynchronously
 * when a worker answers through the API. Attempts are unbounded (no maximumAttempts) because the worker's `retries` decide (a failure
 * with none left is non-retryable, JOB_FAILED); a worker's backoff arrives as the failure's nextRetryDelay. The
 * start-to-close timeout bounds one wait for a worker; past it the job is offered again.
 */
export const jobActivities = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 days',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 1,
    nonRetryableErrorTypes: INTERNAL_FAILURE_TYPES,
  },
});

/** A signal broadcast from a throw or end event: it may reach many cases, so it gets more time than `db`. */
export const signalActivities = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10m',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: INTERNAL_FAILURE_TYPES },
});

/** An update refusal; `details` (field problems) travel to the API as the failure's first detail. */
export function reject(type: CaseRejection, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    ...(details === undefined ? {} : { details: [details] }),
  });
}
