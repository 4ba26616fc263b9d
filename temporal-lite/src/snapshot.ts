// Serialisable form of a run for the durable log: its history plus the state history cannot give back cheaply.
import { durMs, tsMs } from './proto';
import type { Msg } from './proto';
import type { ActivityState, BufferedEvent, ChildState, Execution } from './types';

/** Scalar fields a snapshot copies from the live execution as they are. */
type CopiedFields =
  | 'ns'
  | 'workflowId'
  | 'runId'
  | 'firstRunId'
  | 'workflowType'
  | 'taskQueue'
  | 'status'
  | 'startTime'
  | 'executionTime'
  | 'closeTime'
  | 'runTimeoutMs'
  | 'executionTimeoutMs'
  | 'taskTimeoutMs'
  | 'startRequestId'
  | 'memo'
  | 'searchAttributes';

export interface RunSnapshot extends Pick<Execution, CopiedFields> {
  requestIds: string[];
  wft: { scheduledEventId: number; startedEventId: number; attempt: number; timeoutMs: number; startedAt: number } | null;
  wftAttempt: number;
  needsWft: boolean;
  buffered: BufferedEvent[][];
  activities: Array<Omit<ActivityState, 'exec' | 'timers'>>;
  timers: Array<{ id: string; startedEventId: number; at: number }>;
  children: ChildState[];
  updates: Array<{ id: string; request: Msg; stage: 'admitted' | 'accepted' | 'completed'; acceptedEventId: number; outcome?: Msg }>;
  lastCompletedStartedId: number;
  parent?: Execution['parent'];
  cancelRequested: boolean;
  successorRunId?: string;
  at: { runTimeout?: number; startDelay?: number };
}

export interface RunRecord {
  t: 'run';
  runId: string;
  /** Index of the first event in `events` within the run's history. */
  from: number;
  events: Msg[];
  state: RunSnapshot;
}

export function snapshotExecution(e: Execution): RunSnapshot {
  return {
    ns: e.ns,
    workflowId: e.workflowId,
    runId: e.runId,
    firstRunId: e.firstRunId,
    workflowType: e.workflowType,
    taskQueue: e.taskQueue,
    status: e.status,
    startTime: e.startTime,
    executionTime: e.executionTime,
    closeTime: e.closeTime,
    runTimeoutMs: e.runTimeoutMs,
    executionTimeoutMs: e.executionTimeoutMs,
    taskTimeoutMs: e.taskTimeoutMs,
    startRequestId: e.startRequestId,
    requestIds: [...e.requestIds],
    memo: e.memo,
    searchAttributes: e.searchAttributes,
    wft: e.wft
      ? { scheduledEventId: e.wft.scheduledEventId, startedEventId: e.wft.startedEventId, attempt: e.wft.attempt, timeoutMs: e.wft.timeoutMs, startedAt: e.wft.startedAt }
      : null,
    wftAttempt: e.wftAttempt,
    needsWft: e.needsWft,
    buffered: e.buffered,
    activities: [...e.activities.values()].map(({ exec: _exec, timers: _timers, ...rest }) => rest),
    timers: [...e.timers].map(([id, t]) => ({ id, startedEventId: t.startedEventId, at: t.handle.at })),
    children: [...e.children.values()],
    updates: [...e.updates.values()].map((u) => ({ id: u.id, request: u.request, stage: u.stage, acceptedEventId: u.acceptedEventId, outcome: u.outcome })),
    lastCompletedStartedId: e.lastCompletedStartedId,
    parent: e.parent,
    cancelRequested: e.cancelRequested,
    successorRunId: e.successorRunId,
    at: { runTimeout: e.runTimeout && !e.runTimeout.cancelled ? e.runTimeout.at : undefined, startDelay: e.startDelay && !e.startDelay.cancelled ? e.startDelay.at : undefined },
  };
}

/**
 * Timers the run still owes: every TimerStarted in history without a TimerFired/TimerCanceled (written or buffered).
 * The snapshot's deadline wins; a timer the snapshot lacks gets its original one (start time + duration).
 */
export function openTimers(s: RunSnapshot, history: Msg[]): RunSnapshot['timers'] {
  const known = new Map(s.timers.map((t) => [t.id, t]));
  const open = new Map<string, RunSnapshot['timers'][number]>();
  for (const ev of history) {
    const started = ev.timerStartedEventAttributes as Msg | undefined;
    if (started) {
      const id = String(started.timerId);
      const at = known.get(id)?.at ?? tsMs(ev.eventTime) + durMs(started.startToFireTimeout);
      open.set(id, { id, startedEventId: Number(ev.eventId), at });
    }
    const closed = (ev.timerFiredEventAttributes ?? ev.timerCanceledEventAttributes) as Msg | undefined;
    if (closed) open.delete(String(closed.timerId));
  }
  for (const group of s.buffered) for (const ev of group) if (ev.kind === 'TIMER_FIRED') open.delete(String(ev.attrs.timerId));
  return [...open.values()];
}

/** Rebuilds a run; timers and tasks are re-armed by the engine (restoredTimers/restoredAt carry their deadlines). */
export function restoreExecution(s: RunSnapshot, history: Msg[]): Execution {
  const exec: Execution & { restoredTimers: RunSnapshot['timers']; restoredAt: RunSnapshot['at'] } = {
    ns: s.ns,
    workflowId: s.workflowId,
    runId: s.runId,
    firstRunId: s.firstRunId,
    workflowType: s.workflowType,
    taskQueue: s.taskQueue,
    status: s.status,
    startTime: s.startTime,
    executionTime: s.executionTime,
    closeTime: s.closeTime,
    runTimeoutMs: s.runTimeoutMs,
    executionTimeoutMs: s.executionTimeoutMs,
    taskTimeoutMs: s.taskTimeoutMs,
    startRequestId: s.startRequestId,
    requestIds: new Set(s.requestIds),
    history,
    memo: s.memo,
    searchAttributes: s.searchAttributes,
    wft: s.wft
      ? { ...s.wft, queue: s.taskQueue, onSticky: false, queries: new Map(), sentUpdates: [] }
      : undefined,
    needsWft: s.needsWft,
    wftAttempt: s.wftAttempt,
    buffered: s.buffered,
    activities: new Map(),
    timers: new Map(),
    children: new Map(s.children.map((c) => [c.initiatedEventId, c])),
    updates: new Map(s.updates.map((u) => [u.id, { ...u, waiters: new Set<() => void>() }])),
    deferredQueries: [],
    lastCompletedStartedId: s.lastCompletedStartedId,
    parent: s.parent,
    watchers: new Set(),
    cancelRequested: s.cancelRequested,
    successorRunId: s.successorRunId,
    restoredTimers: openTimers(s, history),
    restoredAt: s.at,
  };
  for (const a of s.activities) exec.activities.set(a.scheduledEventId, { ...a, exec, timers: {} });
  return exec;
}
