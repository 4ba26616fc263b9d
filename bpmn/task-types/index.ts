// Task types of service, send and script tasks (and message throw events): the built-ins that reviewflow's own
// activities serve, and every other type, which becomes an external job (Camunda 8's job workers). Each type is a
// plugin (task-type.ts): its parameter checks live in its module here, its activity under the same name in
// activities/case/. Pure: safe inside the workflow sandbox.
import { INTERNAL_FAILURE_TYPES } from '../engine/internal-failures';
import { externalJobTaskType } from './external-job.task-type';
import { issueCertificateTaskType, notifyTaskType, recordTaskType } from './header-task-types';
import { payTaskType } from './pay.task-type';
import { quotaTaskType } from './quota.task-type';
import type { TaskType } from './task-type';

export type { TaskParameters, TaskType } from './task-type';

/** Types served by reviewflow's activities (activities/case/service-tasks.ts). */
export const BUILT_IN_TASK_TYPES = ['pay', 'notify', 'issue-certificate', 'record', 'quota'] as const;

export type BuiltInTaskType = (typeof BUILT_IN_TASK_TYPES)[number];

const BUILT_INS: Record<BuiltInTaskType, TaskType> = {
  pay: payTaskType,
  notify: notifyTaskType,
  'issue-certificate': issueCertificateTaskType,
  record: recordTaskType,
  quota: quotaTaskType,
};

export function isBuiltInTaskType(type: string): type is BuiltInTaskType {
  return (BUILT_IN_TASK_TYPES as readonly string[]).includes(type);
}

/** The plugin of a task type: a built-in, else an external job. */
export function taskTypeOf(type: string): TaskType {
  return isBuiltInTaskType(type) ? BUILT_INS[type] : externalJobTaskType(type);
}

/** Failure types a job worker may not throw as BPMN error codes: ours (incidents) and the retry signal. */
export const RESERVED_ERROR_CODES: readonly string[] = [...INTERNAL_FAILURE_TYPES, 'JOB_RETRY'];

/** A job type as Zeebe accepts it: printable, no spaces at the ends, bounded (it is an index key). */
export const JOB_TYPE_PATTERN = /^[^\s\p{Cc}](?:[^\p{Cc}]{0,198}[^\s\p{Cc}])?$/u;
