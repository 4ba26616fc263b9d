// Signals, updates and queries of the runCase workflow (re-exported by workflows/messages.ts).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EngineSnapshot, Modification, ModificationRefusal, TimerSpec, Variables } from '../../bpmn';

export interface CaseUser {
  username: string;
  roles: string[];
  district?: string | null;
  affiliation?: string | null;
}

/** Typed reasons an update is refused with (ApplicationFailure.type). */
export type CaseRejection =
  | 'TASK_NOT_OPEN'
  | 'DECISION_REQUIRED'
  | 'DECISION_NOT_ALLOWED'
  | 'FIELD_NOT_WRITABLE'
  | 'FIELD_INVALID'
  | 'FOUR_EYES'
  | 'CONFLICT_OF_INTEREST'
  | 'NOT_CANDIDATE'
  | 'NO_INCIDENT'
  | 'CASE_NOT_ACTIVE'
  | ModificationRefusal;

export interface TaskRef {
  /** the task row id (tasks.id) */
  taskId?: string;
  /** or the element-instance key */
  key?: string;
}

export interface CompleteTaskInput extends TaskRef {
  variables?: Variables;
  comment?: string | null;
  user: CaseUser;
}

export interface ClaimTaskInput extends TaskRef {
  user: CaseUser;
}

export interface CaseTaskView {
  id: string;
  key: string;
  elementId: string;
  name: string;
  candidateGroups: string[];
  assignee: string | null;
  dueAt: string | null;
  state: 'open' | 'completed' | 'withdrawn';
  completedBy?: string;
  decision?: string | null;
  comment?: string | null;
}

export interface CaseView {
  id: string;
  processKey: string;
  version: number;
  businessKey: string;
  status: 'active' | 'completed' | 'terminated' | 'failed';
  activeElements: string[];
  variables: Variables;
  calendarProvisional: boolean;
  failureReason: string | null;
  /** rf:outcome of the end event the case finished at, else null (absent from workers before it existed) */
  outcome?: string | null;
}

export interface CaseSubscription {
  key: string;
  elementId: string;
  messageName: string;
  correlationKey: string;
}

export interface CaseTimer {
  key: string;
  elementId: string;
  spec: TimerSpec;
  /** ISO deadline once computed */
  at?: string;
  /** when the timer was armed: a recomputation counts from here */
  from?: string;
  /** computed through a year without calendar data */
  provisional?: boolean;
}

export interface CaseStateView extends EngineSnapshot {
  case: CaseView;
  tasks: CaseTaskView[];
  timers: CaseTimer[];
  subscriptions: CaseSubscription[];
  /** runs of this workflow id so far (continue-as-new) */
  run: number;
}

export interface MessageInput {
  name: string;
  correlationKey: string;
  variables?: Variables;
  /**
   * ISO instant the transition this message triggers counts from (timers, due dates, history), so a batch starts
   * every case's period at once. Used only when not after the workflow's clock and at most
   * MESSAGE_INSTANT_MAX_AGE_MS before it; otherwise the workflow's own time counts.
   */
  at?: string;
  /** The user who published it (API, batch or objection), recorded as the actor of its history events. */
  sender?: string;
}

/** How far in the past a message's `at` may lie (a long batch still shares one instant). */
export const MESSAGE_INSTANT_MAX_AGE_MS = 60 * 60 * 1000;

export const completeTaskUpdate = defineUpdate<{ task: CaseTaskView; case: CaseView }, [CompleteTaskInput]>(
  'completeTask',
);
export const claimTaskUpdate = defineUpdate<CaseTaskView, [ClaimTaskInput]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<CaseTaskView, [ClaimTaskInput]>('unclaimTask');
/** `by`: the administrator who retries, recorded with the changed variables' names on the incident-resolved row. */
export const retryIncidentUpdate = defineUpdate<
  CaseView,
  [{ incidentKey?: string; variables?: Variables; by?: string }]
>('retryIncident');
/** Process-instance modification (Camunda 8); `by` is the actor of its history rows. */
export interface ModifyCaseInput extends Modification {
  by?: string;
}
export const modifyCaseUpdate = defineUpdate<CaseView, [ModifyCaseInput]>('modifyCase');
/** `by`: the user who cancels, recorded as the actor of the case-terminated history event. */
export const cancelCaseUpdate = defineUpdate<CaseView, [{ reason?: string; by?: string }]>('cancelCase');
/** From a called case to its parent: its escalation nobody caught reaches the call activity `key`. */
export const childEscalatedSignal = defineSignal<[{ key: string; escalationCode: string }]>('childEscalated');
/** Not buffered: a message that finds no subscription is dropped (contract §1). */
export const messageSignal = defineSignal<[MessageInput]>('message');
/** The same as the signal, answering how many subscriptions it reached and the instant it counted from. */
export const correlateMessageUpdate = defineUpdate<{ correlated: number; at?: string }, [MessageInput]>(
  'correlateMessage',
);
/** Recomputes provisional deadlines (after calendar data for the missing year is loaded). */
export const recomputeDeadlinesUpdate = defineUpdate<
  { recomputed: number; case: CaseView },
  [Record<string, unknown>]
>('recomputeDeadlines');
export const caseStateQuery = defineQuery<CaseStateView>('state');
export const subscriptionsQuery = defineQuery<CaseSubscription[]>('subscriptions');
