// Task types of service, send and script tasks: the built-ins that reviewflow's own activities serve, and every
// other type, which becomes an external job (Camunda 8's job workers). Pure data: safe inside the workflow sandbox.
import { INTERNAL_FAILURE_TYPES } from '../engine/internal-failures';

/** Types served by reviewflow's activities (activities/case/service-tasks.ts). */
export const BUILT_IN_TASK_TYPES = ['pay', 'notify', 'issue-certificate', 'record', 'quota'] as const;

export type BuiltInTaskType = (typeof BUILT_IN_TASK_TYPES)[number];

export function isBuiltInTaskType(type: string): type is BuiltInTaskType {
  return (BUILT_IN_TASK_TYPES as readonly string[]).includes(type);
}

/** Failure types a job worker may not throw as BPMN error codes: ours (incidents) and the retry signal. */
export const RESERVED_ERROR_CODES: readonly string[] = [...INTERNAL_FAILURE_TYPES, 'JOB_RETRY'];

/** A job type as Zeebe accepts it: printable, no spaces at the ends, bounded (it is an index key). */
export const JOB_TYPE_PATTERN = /^[^\s\p{Cc}](?:[^\p{Cc}]{0,198}[^\s\p{Cc}])?$/u;
