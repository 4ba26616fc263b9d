// Failure types shared by the case activities (which throw them) and the runCase workflow (which must not take them
// for BPMN error codes). Pure data: safe inside the workflow sandbox.

/** Error types the case activities throw that are not BPMN error codes (they become incidents). */
export const INTERNAL_FAILURE_TYPES = [
  'UNKNOWN_TASK_TYPE',
  'INVALID_PARAMETER',
  'DEFINITION_NOT_FOUND',
  'CALENDAR_ERROR',
  // an external job failed with no retries left (the worker's message is the incident's)
  'JOB_FAILED',
];
