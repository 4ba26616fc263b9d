// Every type no built-in serves: an external job (Camunda 8 job workers, api/jobs). Its parameters are the worker's
// business, so nothing is checked beyond the type's own shape (compile).
import type { TaskType } from './task-type';

export const externalJobTaskType = (name: string): TaskType => ({ name, job: true, check: () => [] });
