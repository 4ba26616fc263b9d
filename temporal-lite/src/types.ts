// In-memory state of workflow executions; every field is rebuilt from history plus a few side records.
import type { TimerHandle } from './clock';
import type { Msg } from './proto';

export type ExecStatus =
  'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'ContinuedAsNew' | 'TimedOut';

export const STATUS_ENUM: Record<ExecStatus, string> = {
  Running: 'WORKFLOW_EXECUTION_STATUS_RUNNING',
  Completed: 'WORKFLOW_EXECUTION_STATUS_COMPLETED',
  Failed: 'WORKFLOW_EXECUTION_STATUS_FAILED',
  Canceled: 'WORKFLOW_EXECUTION_STATUS_CANCELED',
  Terminated: 'WORKFLOW_EXECUTION_STATUS_TERMINATED',
  ContinuedAsNew: 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW',
  TimedOut: 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT',
};

/** History events that wait for the in-flight workflow task to finish. */
export interface BufferedEvent {
  kind: string;
  attrs: Msg;
}

export interface PendingQuery {
  id: string;
  exec: Execution;
  query: Msg; // temporal.api.query.v1.WorkflowQuery
  done: boolean;
  resolve(result: Msg): void;
  reject(err: Error): void;
}

export interface WorkflowTaskState {
  scheduledEventId: number;
  startedEventId: number; // 0 until a poller takes it
  attempt: number;
  queue: string;
  onSticky: boolean;
  timeoutMs: number;
  startedAt: number;
  timeout?: TimerHandle;
  stickyTimeout?: TimerHandle;
  queries: Map<string, PendingQuery>;
  sentUpdates: string[];
}

export interface ActivityState {
  exec: Execution;
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  attrs: Msg; // ActivityTaskScheduledEventAttributes, timeouts filled in
  attempt: number;
  state: 'scheduled' | 'started' | 'backoff';
  firstScheduledTime: number;
  attemptScheduledTime: number;
  startedTime: number;
  startedIdentity: string;
  heartbeatDetails?: Msg;
  lastHeartbeatTime: number;
  lastFailure?: Msg;
  cancelRequested: boolean;
  cancelRequestedEventId: number;
  retryAt?: number;
  /** PauseActivity: no new attempt starts until UnpauseActivity; the running one sees it in heartbeat responses. */
  paused?: boolean;
  /** ResetActivity on a running attempt: heartbeat responses say so; its retry starts at once, attempts counted anew. */
  resetRequested?: boolean;
  timers: {
    scheduleToClose?: TimerHandle;
    scheduleToStart?: TimerHandle;
    startToClose?: TimerHandle;
    heartbeat?: TimerHandle;
    retry?: TimerHandle;
  };
}

export interface UpdateState {
  id: string;
  request: Msg; // temporal.api.update.v1.Request
  stage: 'admitted' | 'accepted' | 'completed';
  acceptedEventId: number;
  outcome?: Msg;
  waiters: Set<() => void>;
}

export interface ChildState {
  initiatedEventId: number;
  workflowId: string;
  runId: string;
  workflowType: string;
  namespace: string;
  parentClosePolicy: string;
  startedEventId: number;
}

export interface Execution {
  ns: string;
  workflowId: string;
  runId: string;
  firstRunId: string;
  workflowType: string;
  taskQueue: string;
  status: ExecStatus;
  startTime: number;
  executionTime: number;
  closeTime: number;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  taskTimeoutMs: number;
  startRequestId: string;
  requestIds: Set<string>;
  history: Msg[];
  memo: Msg; // { fields: { k: Payload } }
  searchAttributes: Record<string, Msg>; // indexed fields
  wft?: WorkflowTaskState;
  needsWft: boolean;
  wftAttempt: number;
  buffered: BufferedEvent[][];
  activities: Map<number, ActivityState>;
  timers: Map<string, { startedEventId: number; handle: TimerHandle }>;
  children: Map<number, ChildState>;
  updates: Map<string, UpdateState>;
  deferredQueries: PendingQuery[];
  sticky?: { queue: string; timeoutMs: number };
  lastCompletedStartedId: number;
  parent?: { ns: string; workflowId: string; runId: string; initiatedEventId: number };
  watchers: Set<() => void>;
  runTimeout?: TimerHandle;
  startDelay?: TimerHandle;
  cancelRequested: boolean;
  successorRunId?: string;
}

export type WorkflowTask =
  { kind: 'wft'; exec: Execution; scheduledEventId: number } | { kind: 'query'; query: PendingQuery };

export interface ActivityTask {
  act: ActivityState;
  attempt: number;
}
