// The job activity of the runCase workflow: an external job (a task type no built-in serves) is stored with the
// activity's task token, then the activity completes asynchronously when a worker answers through the API
// (api/jobs completes or fails it by token). Keyed by workflow id + element-instance key: a retry or a replay
// finds the same row.
import { CompleteAsyncError, Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { upsertJob } from '../../db/jobs.repository';
import { storable } from '../../db/pg-text';
import type { JobInput } from './case-activity.types';

export function createJobActivities(deps: { dataSource: DataSource }) {
  return {
    /** Resolves with the worker's variables; fails JOB_FAILED (no retries left) or with a BPMN error code. */
    async awaitJob(input: JobInput): Promise<Record<string, unknown>> {
      input = storable(input);
      const { info } = Context.current();
      await upsertJob(deps.dataSource, {
        caseId: input.caseId,
        workflowId: input.workflowId,
        elementKey: input.key,
        elementId: input.elementId,
        processKey: input.processKey,
        processVersion: input.processVersion,
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.listenerEventType ? { listenerEventType: input.listenerEventType } : {}),
        ...(input.elementInstanceKey ? { elementInstanceKey: input.elementInstanceKey } : {}),
        jobType: input.jobType,
        retries: input.retries,
        variables: input.variables,
        customHeaders: input.headers,
        taskToken: Buffer.from(info.taskToken),
        attempt: info.attempt,
      });
      throw new CompleteAsyncError();
    },
  };
}
