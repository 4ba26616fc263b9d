// Bridges executions to the visibility query module (list/count filters).
import type { Engine } from './engine';
import type { Execution } from './types';
import { parseVisibilityQuery, VisibilityQueryError } from './visibility/query';
import type { VisibilityRecord } from './visibility/query';

export { VisibilityQueryError as QueryError };

export function compileQuery(query: string, allowGroupBy = false): { filter: (rec: VisibilityRecord) => boolean; groupBy: string[] } {
  const compiled = parseVisibilityQuery(query);
  if (!allowGroupBy && compiled.groupBy.length) {
    throw new VisibilityQueryError("operation is not supported: 'GROUP BY' clause is only supported in CountWorkflowExecutions API");
  }
  return compiled;
}

export function toRecord(engine: Engine, exec: Execution): VisibilityRecord {
  const searchAttributes: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(exec.searchAttributes)) searchAttributes[k] = engine.decodeSearchAttribute(p);
  return {
    workflowId: exec.workflowId,
    runId: exec.runId,
    workflowType: exec.workflowType,
    executionStatus: exec.status,
    startTime: new Date(exec.startTime),
    closeTime: exec.closeTime ? new Date(exec.closeTime) : undefined,
    executionTime: new Date(exec.executionTime),
    taskQueue: exec.taskQueue,
    searchAttributes,
  };
}
