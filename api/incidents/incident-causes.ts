// The cause of an incident as a stable code the UI puts into words, from the engine's reason text. The engine and
// the workflow shell write these reasons (bpmn/engine/runtime.ts, elements/*, workflows/case/effect-executor.ts);
// a failed service task's message starts with our internal failure type (bpmn/engine/internal-failures.ts).

export type IncidentCauseCode =
  | 'UNKNOWN_TASK_TYPE'
  | 'INVALID_PARAMETER'
  | 'DEFINITION_NOT_FOUND'
  | 'CALENDAR_ERROR'
  | 'JOB_FAILED'
  | 'SERVICE_FAILED'
  | 'BPMN_ERROR_UNCAUGHT'
  | 'CALLED_CASE_FAILED'
  | 'NO_FLOW_MATCHED'
  | 'EXPRESSION_FAILED'
  | 'TIMER_INVALID'
  | 'CORRELATION_KEY_INVALID'
  | 'COLLECTION_INVALID'
  | 'RUNAWAY'
  | 'DEADLINE_FAILED'
  | 'UNKNOWN';

export interface IncidentCause {
  /** one of IncidentCauseCode, or the engine's own reason code (e.g. DMN_NO_MATCH) */
  code: IncidentCauseCode | (string & {});
  /** the BPMN error code of an uncaught error (e.g. QUOTA_EXHAUSTED) */
  errorCode?: string;
}

/** Mirrors INTERNAL_FAILURE_TYPES (the API may not import the engine; a unit spec keeps the two equal). */
export const INTERNAL_FAILURE_CAUSES = [
  'UNKNOWN_TASK_TYPE',
  'INVALID_PARAMETER',
  'DEFINITION_NOT_FOUND',
  'CALENDAR_ERROR',
  'JOB_FAILED',
] as const;

const PATTERNS: [RegExp, IncidentCauseCode][] = [
  [/^runaway process/, 'RUNAWAY'],
  // a built-in service task's inputs checked by the engine before it runs
  [/^\w[\w-]*: input '/, 'INVALID_PARAMETER'],
  [/no outgoing flow of (exclusive|inclusive) gateway|no outgoing flow .* matched/, 'NO_FLOW_MATCHED'],
  [/^timer (cycle )?of /, 'TIMER_INVALID'],
  [/^correlationKey of /, 'CORRELATION_KEY_INVALID'],
  [/^inputCollection of /, 'COLLECTION_INVALID'],
  [/FEEL|expression/i, 'EXPRESSION_FAILED'],
];

/**
 * Classifies an incident reason; `shell` marks an incident of the workflow shell (no engine incident key); `code` is
 * the engine's own reason code when the element gave one, which wins.
 */
export function incidentCause(reason: string, shell = false, code?: string | null): IncidentCause {
  if (code) return { code };
  const unhandled = /^unhandled BPMN error '([^']*)'/.exec(reason);
  if (unhandled) return { code: 'BPMN_ERROR_UNCAUGHT', errorCode: unhandled[1] as string };
  const failed = /^(retries exhausted|child case failed): (.*)$/s.exec(reason);
  if (failed) {
    const body = failed[2] as string;
    const typed = INTERNAL_FAILURE_CAUSES.find((t) => body.startsWith(`${t}: `));
    if (typed) return { code: typed };
    // incidents raised before the failure type led the message (patch incident-failure-type)
    if (/^no activity registered for task type/.test(body)) return { code: 'UNKNOWN_TASK_TYPE' };
    if (/^process definition .* not found$/.test(body)) return { code: 'DEFINITION_NOT_FOUND' };
    return { code: failed[1] === 'child case failed' ? 'CALLED_CASE_FAILED' : 'SERVICE_FAILED' };
  }
  if (shell) return { code: 'DEADLINE_FAILED' };
  for (const [pattern, code] of PATTERNS) if (pattern.test(reason)) return { code };
  return { code: 'UNKNOWN' };
}
