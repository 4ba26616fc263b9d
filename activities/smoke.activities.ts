// The smoke workflow's one activity: an idempotent write keyed by workflow id + step, never by attempt.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

export interface SmokeStepInput {
  step: string;
  label: string;
  note?: string;
}

export interface SmokeRecord {
  id: string;
  /** False when a retry or replay found the row already written. */
  created: boolean;
}

/** Storage port, so tests and the factory decide where the row goes. */
export interface SmokeStore {
  record(key: string, data: Record<string, unknown>): Promise<SmokeRecord>;
}

export interface SmokeActivities {
  recordSmokeStep(input: SmokeStepInput): Promise<SmokeRecord>;
}

export function createSmokeActivities(store: SmokeStore): SmokeActivities {
  return {
    async recordSmokeStep(input: SmokeStepInput): Promise<SmokeRecord> {
      if (!input || typeof input.step !== 'string' || !/^[\w-]{1,40}$/.test(input.step)) {
        throw ApplicationFailure.create({
          type: 'SmokeInvalidInput',
          message: 'step must be 1-40 word characters',
          nonRetryable: true,
        });
      }
      const info = Context.current().info;
      const workflowId = info.workflowExecution?.workflowId;
      if (!workflowId) {
        throw ApplicationFailure.create({
          type: 'SmokeInvalidInput',
          message: 'recordSmokeStep runs only inside a workflow',
          nonRetryable: true,
        });
      }
      const key = `smoke:${workflowId}:${input.step}`;
      return store.record(key, {
        label: input.label,
        note: input.note ?? null,
        workflowType: info.workflowType,
      });
    },
  };
}
