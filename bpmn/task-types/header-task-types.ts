// The built-ins whose parameters are headers only: notify (template, to), issue-certificate (title), record (type).
import { type TaskType, requireParameters } from './task-type';

const headersOnly = (name: string, headers: string[]): TaskType => ({
  name,
  job: false,
  check: (params) => requireParameters(name, params, { headers }),
});

export const notifyTaskType = headersOnly('notify', ['template', 'to']);
export const issueCertificateTaskType = headersOnly('issue-certificate', ['title']);
export const recordTaskType = headersOnly('record', ['type']);
