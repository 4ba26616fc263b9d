// Shapes shared by the case activities and the runCase workflow (type-only for workflow code).
import type { TimerSpec, Variables } from '../../bpmn';

/** One read-model write; `id` is the idempotency key (workflow id + element-instance key + kind). */
export type ReadModelOp =
  | {
      kind: 'ensureCase';
      processKey: string;
      processVersion: number;
      businessKey: string;
      variables: Variables;
      /** workflow time of the start (absent in ops recorded before it was sent): the case's 立案 time */
      at?: string;
    }
  | {
      kind: 'createTask';
      taskId: string;
      key: string;
      elementId: string;
      name: string;
      candidateGroups: string[];
      assignee: string | null;
      dueAt: string | null;
      processKey: string;
      /** absent in ops recorded before the inbox filtered by them */
      excludeAffiliation?: string | null;
      distinctFrom?: string[];
      /** the multi-instance body the task is one instance of */
      miKey?: string | null;
      /** workflow time the task opened (absent in older ops: the database's clock) */
      at?: string;
    }
  | { kind: 'claimTask'; key: string; assignee: string | null; at?: string }
  | {
      kind: 'completeTask';
      key: string;
      by: string;
      decision: string | null;
      comment: string | null;
      variables: Variables;
      at: string;
    }
  | { kind: 'withdrawTask'; key: string }
  /** the element no longer waits for its external job (interrupted, cancelled) */
  | { kind: 'cancelJob'; key: string }
  | { kind: 'taskDue'; key: string; dueAt: string }
  | { kind: 'openSubscription'; key: string; elementId: string; messageName: string; correlationKey: string }
  | { kind: 'closeSubscription'; key: string }
  | {
      kind: 'history';
      idempotencyKey: string;
      type: string;
      elementId: string | null;
      actor: string | null;
      data: Variables;
      at: string;
    }
  | {
      kind: 'syncCase';
      status: 'active' | 'completed' | 'terminated' | 'failed';
      activeElements: string[];
      variables: Variables;
      calendarProvisional: boolean;
      failureReason: string | null;
      /** rf:outcome once the case ended at an end event carrying one */
      outcome?: string;
      /** workflow time of the step (absent in older ops: the database's clock) */
      at?: string;
    };

export interface ReadModelBatch {
  caseId: string;
  workflowId: string;
  ops: ReadModelOp[];
}

export interface DeadlineInput {
  spec: TimerSpec;
  /** ISO instant the timer was armed (workflow time) */
  from: string;
}

export interface Deadline {
  at: string;
  provisional: boolean;
}

/** An external job of one element instance (activities/case/jobs.activities.ts). */
export interface JobInput {
  caseId: string;
  workflowId: string;
  key: string;
  elementId: string;
  processKey: string;
  processVersion: number;
  jobType: string;
  headers: Record<string, string>;
  /** every variable visible from the element (its input mappings included) */
  variables: Variables;
  retries: number;
  /** Camunda's job kind: BPMN_ELEMENT (default) or EXECUTION_LISTENER (the activation answer carries it) */
  kind?: 'BPMN_ELEMENT' | 'EXECUTION_LISTENER';
  /** an execution listener's event (Camunda's listenerEventType) */
  listenerEventType?: 'START' | 'END';
  /** an execution listener's element instance (`key` is the listener job's own) */
  elementInstanceKey?: string;
}

export interface ServiceTaskInput {
  caseId: string;
  workflowId: string;
  key: string;
  elementId: string;
  taskType: string;
  headers: Record<string, string>;
  inputs: Variables;
  /** workflow time the task ran (absent in older histories: the database's clock); payments and history use it */
  at?: string;
}

export interface LoadedDefinition {
  key: string;
  version: number;
  graph: unknown;
}

/** Error types the case activities throw that are not BPMN error codes (defined in the pure bpmn/, for the workflow). */
export { INTERNAL_FAILURE_TYPES } from '../../bpmn/engine/internal-failures';
