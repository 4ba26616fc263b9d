// The history engine: executions, their event histories, workflow/activity task dispatch, timers and messages.
import { randomUUID } from 'node:crypto';
import { recordBuildId } from './build-ids';
import type { ServerClock, TimerHandle } from './clock';
import { status } from '@grpc/grpc-js';
import {
  alreadyStarted,
  failedPrecondition,
  GrpcError,
  multiOperationFailure,
  invalidArgument,
  notFound,
  queryFailed,
  workflowCompleted,
} from './errors';
import type { Msg } from './proto';
import { decode, dur, durMs, packAny, ts, unpackAny } from './proto';
import { restoreExecution, snapshotExecution } from './snapshot';
import type { RunRecord, RunSnapshot } from './snapshot';

/** Server time's offset from wall time (advanced or skipped time), so a restart never moves time backwards. */
interface ClockRecord {
  t: 'clock';
  offset: number;
}
import type { LogStore } from './storage/log-store';
import { TaskQueues } from './task-queues';
import { readToken, token } from './task-token';
import { settleUpdatesOnClose } from './updates';
import type { Poller } from './task-queues';
import type {
  ActivityState,
  ActivityTask,
  ChildState,
  ExecStatus,
  Execution,
  PendingQuery,
  BufferedEvent,
  UpdateState,
  WorkflowTask,
} from './types';

const DEFAULT_TASK_TIMEOUT_MS = 10_000;
const COMPACT_AFTER_BYTES = 128 * 1024 * 1024;
// Placeholders in deferred events, resolved when the events are written.
const LINK_ACTIVITY_STARTED = -1;
const LINK_CHILD_STARTED = -2;
const HISTORY_PAGE_SIZE = 1000;
// The real server's limits.maxIDLength and history.maxInFlightUpdates defaults.
const MAX_ID_LENGTH = 1000;
const MAX_IN_FLIGHT_UPDATES = 10;

export interface PollContext {
  isCancelled(): boolean;
  onCancel(fn: () => void): void;
  /** Milliseconds (real time) until the poll should be answered empty. */
  waitMs: number;
}

// A real server's matching treats a sticky queue without a poll for this long (wall time) as a dead worker's.
const STICKY_POLLER_UNAVAILABLE_MS = 10_000;

// Called for every appended event and command; the set of kinds is small, so the regex runs once per kind.
const attrKeys = new Map<string, string>();
function attrKey(kind: string, suffix: string): string {
  const k = `${kind}|${suffix}`;
  let key = attrKeys.get(k);
  if (key === undefined) {
    key = `${kind.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}${suffix}`;
    attrKeys.set(k, key);
  }
  return key;
}

export class Engine {
  private chains = new Map<string, Execution[]>(); // ns/workflowId -> runs, newest last
  private runs = new Map<string, Execution>(); // runId -> execution
  private taskSeq = 1;
  private wfQueues = new TaskQueues<WorkflowTask>((t) => this.workflowTaskLive(t));
  private actQueues = new TaskQueues<ActivityTask>((t) => this.activityTaskLive(t));
  private queries = new Map<string, PendingQuery>();
  private openPolls = new Set<() => void>();
  private inFlightCount = 0;
  private closed = false;

  /** Closed runs are removed this long after they close. */
  retentionMs = 30 * 86_400_000;
  /** Hand activities the worker asked to run eagerly back in RespondWorkflowTaskCompleted (a real server's
   * `system.enableActivityEagerExecution`, which the dev server turns on). */
  eagerActivities = true;

  constructor(
    readonly clock: ServerClock,
    readonly namespace: string,
  ) {
    clock.inFlight = () => this.inFlightCount;
  }

  // ---------- helpers ----------

  private key(ns: string, workflowId: string): string {
    return `${ns}/${workflowId}`;
  }

  checkNamespace(ns: string | undefined): void {
    if ((ns || this.namespace) !== this.namespace) {
      throw Object.assign(notFound(`Namespace ${ns} is not found.`), {});
    }
  }

  allExecutions(): Iterable<Execution> {
    return this.runs.values();
  }

  private current(ns: string, workflowId: string): Execution | undefined {
    const chain = this.chains.get(this.key(ns, workflowId));
    return chain?.[chain.length - 1];
  }

  /** Resolves {workflowId, runId?}: an explicit run, or the latest run of the workflow id. */
  find(ns: string, execution: Msg | undefined): Execution {
    const workflowId = String(execution?.workflowId ?? '');
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    const runId = execution?.runId ? String(execution.runId) : '';
    const exec = runId ? this.runs.get(runId) : this.current(ns, workflowId);
    if (!exec || exec.workflowId !== workflowId || exec.ns !== ns) {
      throw notFound(`workflow not found for ID: ${workflowId}`);
    }
    return exec;
  }

  /** `userMetadata` (summary/details of a start or a command) belongs to the event, not to its attributes. */
  private append(exec: Execution, kind: string, attrs: Msg, userMetadata?: Msg): number {
    this.touch(exec);
    const eventId = exec.history.length + 1;
    exec.history.push({
      eventId,
      eventTime: ts(this.clock.now()),
      eventType: `EVENT_TYPE_${kind}`,
      taskId: this.taskSeq++,
      ...(userMetadata ? { userMetadata } : {}),
      [attrKey(kind, 'EventAttributes')]: attrs,
    });
    if (exec.watchers.size) {
      const ws = [...exec.watchers];
      exec.watchers.clear();
      for (const w of ws) w();
    }
    return eventId;
  }

  private running(exec: Execution): boolean {
    return exec.status === 'Running';
  }

  private setInFlight(delta: number): void {
    this.inFlightCount += delta;
    if (delta < 0) this.clock.requestSkipCheck();
  }

  /** Runs fn now, or after the in-flight workflow task completes, so its events follow the task's commands. */
  private whenIdle(exec: Execution, events: BufferedEvent[]): void {
    this.touch(exec);
    if (exec.wft?.startedEventId) exec.buffered.push(events);
    else {
      this.applyBuffered(exec, events);
      this.scheduleWorkflowTask(exec);
    }
  }

  /** Writes deferred events; startedEventId placeholders link a close event to the event written before it. */
  private applyBuffered(exec: Execution, events: BufferedEvent[]): void {
    let activityStartedId = 0;
    for (const ev of events) {
      const attrs = { ...ev.attrs };
      if (attrs.startedEventId === LINK_ACTIVITY_STARTED) attrs.startedEventId = activityStartedId;
      if (attrs.startedEventId === LINK_CHILD_STARTED)
        attrs.startedEventId = this.childStartedId(exec, Number(attrs.initiatedEventId));
      const id = this.append(exec, ev.kind, attrs);
      if (ev.kind === 'ACTIVITY_TASK_STARTED') activityStartedId = id;
      if (ev.kind === 'CHILD_WORKFLOW_EXECUTION_STARTED') {
        const c = exec.children.get(Number(attrs.initiatedEventId));
        if (c) c.startedEventId = id;
      }
    }
  }

  private childStartedId(exec: Execution, initiatedEventId: number): number {
    for (let i = exec.history.length - 1; i >= 0; i--) {
      const a = exec.history[i]!.childWorkflowExecutionStartedEventAttributes as Msg | undefined;
      if (a && Number(a.initiatedEventId) === initiatedEventId) return Number(exec.history[i]!.eventId);
    }
    return 0;
  }

  // ---------- durability ----------

  private store?: LogStore;
  private dirty = new Set<Execution>();
  private persistedEvents = new Map<string, number>();
  private flushScheduled = false;
  private lastWrite: Promise<void> = Promise.resolve();

  private touch(exec: Execution): void {
    if (!this.store) return;
    this.dirty.add(exec);
    this.touchAny();
  }

  /** Resolves once every change made so far is on disk (group commit through the log store). */
  durable(): Promise<void> {
    if (
      !this.store ||
      (!this.dirty.size && !this.deleted.length && this.clock.offsetMs === this.persistedOffset)
    )
      return this.lastWrite;
    const records: Array<RunRecord | { t: 'delete'; runId: string } | ClockRecord> = this.deleted
      .splice(0)
      .map((runId) => ({ t: 'delete', runId }));
    if (this.clock.offsetMs !== this.persistedOffset) {
      this.persistedOffset = this.clock.offsetMs;
      records.push(this.clockRecord());
    }
    for (const exec of this.dirty) {
      const from = this.persistedEvents.get(exec.runId) ?? 0;
      records.push({
        t: 'run',
        runId: exec.runId,
        from,
        events: exec.history.slice(from),
        state: snapshotExecution(exec),
      });
      this.persistedEvents.set(exec.runId, exec.history.length);
    }
    this.dirty.clear();
    this.lastWrite = this.store.append(records);
    const grown =
      (this.store as LogStore & { stats?: { bytesSinceCompact: number } }).stats?.bytesSinceCompact ?? 0;
    if (grown > COMPACT_AFTER_BYTES && !this.compacting) {
      // The store orders this after the appends above; the snapshot already includes their effects.
      this.compacting = true;
      const live: unknown[] = [...this.runs.values()].map((exec) => ({
        t: 'run',
        runId: exec.runId,
        from: 0,
        events: exec.history,
        state: snapshotExecution(exec),
      }));
      live.push(this.clockRecord());
      this.lastWrite = this.store.compact(live).finally(() => {
        this.compacting = false;
      });
    }
    return this.lastWrite;
  }

  private compacting = false;
  private persistedOffset = 0;

  private clockRecord(): ClockRecord {
    return { t: 'clock', offset: this.clock.offsetMs };
  }

  /** Loads the log, rebuilds every run and re-arms timers and tasks, then compacts the log. */
  async attachStore(store: LogStore): Promise<number> {
    const records = (await store.load()) as Array<RunRecord | { t: 'delete'; runId: string } | ClockRecord>;
    const byRun = new Map<string, { events: Msg[]; state: RunSnapshot }>();
    for (const r of records) {
      if (r?.t === 'clock') this.clock.restoreOffset(r.offset);
      if (r?.t === 'delete') byRun.delete(r.runId);
      if (r?.t !== 'run') continue;
      let e = byRun.get(r.runId);
      if (!e) {
        e = { events: [], state: r.state };
        byRun.set(r.runId, e);
      }
      e.events.length = Math.min(e.events.length, r.from);
      e.events.push(...r.events);
      e.state = r.state;
    }
    const restored = [...byRun.values()]
      .map(({ events, state }) => restoreExecution(state, events))
      .sort((a, b) => a.startTime - b.startTime);
    for (const exec of restored) {
      this.runs.set(exec.runId, exec);
      const k = this.key(exec.ns, exec.workflowId);
      const chain = this.chains.get(k) ?? [];
      chain.push(exec);
      this.chains.set(k, chain);
      this.persistedEvents.set(exec.runId, exec.history.length);
    }
    // Compact with the loaded state, not a fresh snapshot: timers and deadlines are only re-armed below, so a
    // snapshot taken now would drop them from the log until the run next changed (lost on a second crash).
    this.persistedOffset = this.clock.offsetMs;
    await store.compact([
      this.clockRecord(),
      ...restored.map((exec) => {
        const r = exec as Execution & { restoredTimers: RunSnapshot['timers'] };
        return {
          t: 'run',
          runId: exec.runId,
          from: 0,
          events: exec.history,
          state: { ...byRun.get(exec.runId)!.state, timers: r.restoredTimers },
        };
      }),
    ]);
    this.store = store;
    this.clock.onOffsetChange = () => this.touchAny();
    for (const exec of restored) {
      if (this.running(exec)) this.rearm(exec);
      else this.scheduleRetention(exec);
    }
    return restored.length;
  }

  private rearm(exec: Execution): void {
    const snap =
      (exec as Execution & { restoredTimers?: RunSnapshot['timers']; restoredAt?: RunSnapshot['at'] })
        .restoredTimers ?? [];
    for (const t of snap) {
      const handle = this.clock.schedule(t.at, () => this.fireTimer(exec, t.id, t.startedEventId));
      exec.timers.set(t.id, { startedEventId: t.startedEventId, handle });
    }
    const at = (exec as Execution & { restoredAt?: RunSnapshot['at'] }).restoredAt;
    if (at?.runTimeout)
      exec.runTimeout = this.clock.schedule(at.runTimeout, () => this.timeoutWorkflow(exec));
    if (at?.startDelay && at.startDelay > this.clock.now())
      exec.startDelay = this.clock.schedule(at.startDelay, () => this.scheduleWorkflowTask(exec));
    for (const act of exec.activities.values()) {
      const s2c = durMs(act.attrs.scheduleToCloseTimeout);
      if (s2c > 0)
        act.timers.scheduleToClose = this.clock.schedule(act.firstScheduledTime + s2c, () =>
          this.activityTimedOut(act, 'SCHEDULE_TO_CLOSE', act.attempt),
        );
      const attempt = act.attempt;
      if (act.state === 'scheduled') this.queueActivityAttempt(act);
      else if (act.state === 'backoff') {
        act.timers.retry = this.clock.schedule(act.retryAt ?? this.clock.now(), () => {
          if (this.activityLive(act) && act.state === 'backoff') this.queueActivityAttempt(act);
        });
      } else {
        this.setInFlight(1);
        const st2c = durMs(act.attrs.startToCloseTimeout);
        if (st2c > 0)
          act.timers.startToClose = this.clock.schedule(act.startedTime + st2c, () =>
            this.activityTimedOut(act, 'START_TO_CLOSE', attempt),
          );
        const hb = durMs(act.attrs.heartbeatTimeout);
        if (hb > 0)
          act.timers.heartbeat = this.clock.schedule(act.lastHeartbeatTime + hb, () =>
            this.activityTimedOut(act, 'HEARTBEAT', attempt),
          );
      }
    }
    const wft = exec.wft;
    if (wft) {
      this.setInFlight(1);
      if (wft.startedEventId)
        wft.timeout = this.clock.schedule(wft.startedAt + wft.timeoutMs, () =>
          this.workflowTaskTimedOut(exec, wft.scheduledEventId),
        );
      else this.wfQueues.offer(exec.taskQueue, { kind: 'wft', exec, scheduledEventId: wft.scheduledEventId });
    } else if (exec.needsWft || exec.buffered.length) {
      this.flushBuffered(exec);
      this.scheduleWorkflowTask(exec);
    }
  }

  // Retention is swept, not timed: a far-off deadline must never be a target for time skipping.
  private scheduleRetention(exec: Execution): void {
    void exec;
  }

  /** Removes closed runs older than the retention period. */
  sweepRetention(): void {
    const cutoff = this.clock.now() - this.retentionMs;
    for (const exec of [...this.runs.values()]) {
      if (!this.running(exec) && exec.closeTime <= cutoff) this.removeRun(exec);
    }
  }

  private removeRun(exec: Execution): void {
    if (this.runs.get(exec.runId) !== exec || this.running(exec)) return;
    this.runs.delete(exec.runId);
    const k = this.key(exec.ns, exec.workflowId);
    const chain = (this.chains.get(k) ?? []).filter((e) => e !== exec);
    if (chain.length) this.chains.set(k, chain);
    else this.chains.delete(k);
    this.dirty.delete(exec);
    this.persistedEvents.delete(exec.runId);
    if (this.store) this.deleted.push(exec.runId);
    if (this.store) this.touchAny();
  }

  private deleted: string[] = [];

  private touchAny(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.durable().catch((err: unknown) => console.error('temporal-lite: storage write failed', err));
      });
    }
  }

  // ---------- start ----------

  startWorkflow(
    req: Msg,
    extra?: {
      signal?: Msg;
      parent?: Execution['parent'];
      continuedFrom?: Execution;
      cont?: Msg;
      /** Runs before the first workflow task is offered (update-with-start admits its update here). */
      beforeFirstTask?: (exec: Execution) => void;
    },
  ): { exec: Execution; started: boolean } {
    const ns = String(req.namespace || this.namespace);
    const workflowId = String(req.workflowId ?? '');
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    if (workflowId.length > MAX_ID_LENGTH)
      throw invalidArgument(
        `WorkflowId exceeds maximum allowed length (${workflowId.length}/${MAX_ID_LENGTH})`,
      );
    if (!req.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
    if (!req.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
    const requestId = String(req.requestId || randomUUID());
    const prev = this.current(ns, workflowId);
    if (prev && !extra?.continuedFrom) {
      if (prev.requestIds.has(requestId)) return { exec: prev, started: true };
      const conflict = String(req.workflowIdConflictPolicy ?? 'WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED');
      const reuse = String(req.workflowIdReusePolicy ?? 'WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED');
      if (this.running(prev)) {
        if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING') {
          if (req.onConflictOptions?.attachRequestId) prev.requestIds.add(requestId);
          return { exec: prev, started: false };
        }
        if (
          conflict === 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING' ||
          reuse === 'WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING'
        ) {
          this.terminate(prev, 'terminated by new start (conflict policy)', undefined, 'temporal-lite');
        } else {
          throw alreadyStarted(
            `Workflow execution is already running. WorkflowId: ${workflowId}, RunId: ${prev.runId}.`,
            prev.startRequestId,
            prev.runId,
          );
        }
      } else if (reuse === 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE') {
        throw alreadyStarted(
          `Workflow execution already finished and Workflow ID reuse policy does not allow it. WorkflowId: ${workflowId}, RunId: ${prev.runId}.`,
          prev.startRequestId,
          prev.runId,
        );
      } else if (
        reuse === 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY' &&
        (prev.status === 'Completed' || prev.status === 'ContinuedAsNew')
      ) {
        throw alreadyStarted(
          `Workflow execution already finished successfully. WorkflowId: ${workflowId}, RunId: ${prev.runId}.`,
          prev.startRequestId,
          prev.runId,
        );
      }
    }
    const now = this.clock.now();
    const runId = extra?.cont?.newRunId ?? randomUUID();
    const taskTimeoutMs = durMs(req.workflowTaskTimeout) || DEFAULT_TASK_TIMEOUT_MS;
    const runTimeoutMs = durMs(req.workflowRunTimeout) || durMs(req.workflowExecutionTimeout);
    const delayMs = durMs(req.workflowStartDelay) || durMs(extra?.cont?.backoff);
    const exec: Execution = {
      ns,
      workflowId,
      runId,
      firstRunId: extra?.continuedFrom?.firstRunId ?? runId,
      workflowType: String(req.workflowType.name),
      taskQueue: String(req.taskQueue.name),
      status: 'Running',
      startTime: now,
      executionTime: now + delayMs,
      closeTime: 0,
      runTimeoutMs,
      executionTimeoutMs: durMs(req.workflowExecutionTimeout),
      taskTimeoutMs,
      startRequestId: requestId,
      requestIds: new Set([requestId]),
      history: [],
      memo: req.memo ?? {},
      searchAttributes: {},
      needsWft: false,
      wftAttempt: 1,
      buffered: [],
      activities: new Map(),
      timers: new Map(),
      children: new Map(),
      updates: new Map(),
      deferredQueries: [],
      lastCompletedStartedId: 0,
      parent: extra?.parent,
      watchers: new Set(),
      cancelRequested: false,
    };
    this.mergeSearchAttributes(exec, req.searchAttributes?.indexedFields ?? {});
    const k = this.key(ns, workflowId);
    const chain = this.chains.get(k) ?? [];
    chain.push(exec);
    this.chains.set(k, chain);
    this.runs.set(runId, exec);
    this.append(
      exec,
      'WORKFLOW_EXECUTION_STARTED',
      {
        workflowType: { name: exec.workflowType },
        parentWorkflowNamespace: extra?.parent?.ns,
        parentWorkflowExecution: extra?.parent
          ? { workflowId: extra.parent.workflowId, runId: extra.parent.runId }
          : undefined,
        parentInitiatedEventId: extra?.parent?.initiatedEventId,
        taskQueue: { name: exec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
        input: req.input,
        workflowExecutionTimeout: req.workflowExecutionTimeout,
        workflowRunTimeout: runTimeoutMs ? dur(runTimeoutMs) : undefined,
        workflowTaskTimeout: dur(taskTimeoutMs),
        continuedExecutionRunId: extra?.continuedFrom?.runId,
        initiator: extra?.continuedFrom
          ? (extra.cont?.initiator ?? 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW')
          : undefined,
        continuedFailure: req.continuedFailure,
        lastCompletionResult: req.lastCompletionResult,
        originalExecutionRunId: runId,
        identity: req.identity,
        firstExecutionRunId: exec.firstRunId,
        retryPolicy: req.retryPolicy,
        attempt: Number(extra?.cont?.attempt ?? 1),
        cronSchedule: req.cronSchedule,
        firstWorkflowTaskBackoff: delayMs ? dur(delayMs) : undefined,
        memo: req.memo,
        searchAttributes: this.withSaTypes(req.searchAttributes),
        header: req.header,
        workflowId,
        priority: req.priority,
      },
      req.userMetadata,
    );
    if (extra?.signal) this.append(exec, 'WORKFLOW_EXECUTION_SIGNALED', extra.signal);
    extra?.beforeFirstTask?.(exec);
    if (runTimeoutMs)
      exec.runTimeout = this.clock.schedule(now + runTimeoutMs, () => this.timeoutWorkflow(exec));
    if (delayMs && !extra?.signal)
      exec.startDelay = this.clock.schedule(now + delayMs, () => this.scheduleWorkflowTask(exec));
    else this.scheduleWorkflowTask(exec);
    return { exec, started: true };
  }

  // ---------- workflow tasks ----------

  private scheduleWorkflowTask(exec: Execution): void {
    if (!this.running(exec) || this.closed) return;
    if (exec.startDelay && !exec.startDelay.cancelled && exec.startDelay.at > this.clock.now()) {
      return; // first task waits for the start delay (a signal-with-start cancels it)
    }
    if (exec.wft) {
      if (exec.wft.startedEventId) exec.needsWft = true;
      return;
    }
    exec.needsWft = false;
    const attempt = exec.wftAttempt;
    const sticky = exec.sticky;
    const queue = sticky?.queue ?? exec.taskQueue;
    const scheduledEventId = this.append(exec, 'WORKFLOW_TASK_SCHEDULED', {
      taskQueue: sticky
        ? { name: sticky.queue, kind: 'TASK_QUEUE_KIND_STICKY', normalName: exec.taskQueue }
        : { name: exec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      startToCloseTimeout: dur(exec.taskTimeoutMs),
      attempt,
    });
    exec.wft = {
      scheduledEventId,
      startedEventId: 0,
      attempt,
      queue,
      onSticky: !!sticky,
      timeoutMs: exec.taskTimeoutMs,
      startedAt: 0,
      queries: new Map(),
      sentUpdates: [],
    };
    for (const q of exec.deferredQueries.splice(0)) exec.wft.queries.set(q.id, q);
    this.setInFlight(1);
    if (sticky && !this.wfQueues.polledWithin(sticky.queue, STICKY_POLLER_UNAVAILABLE_MS)) {
      // Matching's StickyWorkerUnavailable: nobody polled the sticky queue lately, so its worker is gone.
      this.moveToNormalQueue(exec);
      return;
    }
    if (sticky) {
      const wft = exec.wft;
      wft.stickyTimeout = this.clock.after(sticky.timeoutMs || 5000, () => {
        if (exec.wft === wft && !wft.startedEventId) this.moveToNormalQueue(exec);
      });
    }
    this.wfQueues.offer(queue, { kind: 'wft', exec, scheduledEventId });
  }

  private moveToNormalQueue(exec: Execution): void {
    exec.sticky = undefined;
    const wft = exec.wft;
    if (!wft || wft.startedEventId || !wft.onSticky) return;
    wft.onSticky = false;
    wft.queue = exec.taskQueue;
    this.clock.cancel(wft.stickyTimeout);
    this.wfQueues.offer(exec.taskQueue, { kind: 'wft', exec, scheduledEventId: wft.scheduledEventId });
  }

  private workflowTaskLive(t: WorkflowTask): boolean {
    if (t.kind === 'query') return !t.query.done && !this.queryTaken.has(t.query.id);
    const w = t.exec.wft;
    return this.running(t.exec) && !!w && w.scheduledEventId === t.scheduledEventId && !w.startedEventId;
  }

  pollWorkflowTask(req: Msg, ctx: PollContext): Promise<Msg> {
    const queue = String(req.taskQueue?.name ?? '');
    if (!queue) return Promise.reject(invalidArgument('TaskQueue is not set on request.'));
    const identity = String(req.identity ?? '');
    const sticky = req.taskQueue?.kind === 'TASK_QUEUE_KIND_STICKY';
    return this.longPoll(this.wfQueues, queue, ctx, (t) => this.startWorkflowTask(t, identity, sticky));
  }

  private longPoll<T>(
    queues: TaskQueues<T>,
    queue: string,
    ctx: PollContext,
    start: (t: T) => Msg | undefined,
  ): Promise<Msg> {
    return new Promise<Msg>((resolve) => {
      if (this.closed) return resolve({});
      for (;;) {
        const t = queues.take(queue);
        if (t === undefined) break;
        const resp = start(t);
        if (resp) return resolve(resp);
      }
      let done = false;
      const finish = (m: Msg | undefined): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.openPolls.delete(release);
        queues.removePoller(queue, poller);
        if (m) resolve(m);
      };
      const release = (): void => finish({});
      const poller: Poller<T> = {
        take: (task) => {
          if (done || ctx.isCancelled()) return false;
          const resp = start(task);
          if (!resp) return false;
          finish(resp);
          return true;
        },
      };
      queues.addPoller(queue, poller);
      this.openPolls.add(release);
      const timer = setTimeout(release, Math.max(ctx.waitMs, 0));
      ctx.onCancel(() => finish(undefined));
    });
  }

  private startWorkflowTask(t: WorkflowTask, identity: string, fromSticky: boolean): Msg | undefined {
    if (t.kind === 'query') return this.startQueryTask(t.query, fromSticky);
    const exec = t.exec;
    if (!this.workflowTaskLive(t)) return undefined;
    const wft = exec.wft!;
    this.clock.cancel(wft.stickyTimeout);
    const startedEventId = this.append(exec, 'WORKFLOW_TASK_STARTED', {
      scheduledEventId: wft.scheduledEventId,
      identity,
      requestId: randomUUID(),
      historySizeBytes: exec.history.length * 200,
    });
    wft.startedEventId = startedEventId;
    wft.startedAt = this.clock.now();
    wft.timeout = this.clock.after(wft.timeoutMs, () =>
      this.workflowTaskTimedOut(exec, wft.scheduledEventId),
    );
    const messages: Msg[] = [];
    for (const u of exec.updates.values()) {
      if (u.stage !== 'admitted') continue;
      wft.sentUpdates.push(u.id);
      messages.push({
        id: `${u.id}/request`,
        protocolInstanceId: u.id,
        eventId: startedEventId - 1,
        body: packAny('temporal.api.update.v1.Request', u.request),
      });
    }
    const partial = fromSticky && wft.onSticky && exec.lastCompletedStartedId > 0;
    const events = partial ? exec.history.slice(exec.lastCompletedStartedId) : exec.history;
    const queries: Msg = {};
    for (const [id, q] of wft.queries) queries[id] = q.query;
    return {
      taskToken: token({ k: 'wft', r: exec.runId, s: wft.scheduledEventId, a: wft.attempt }),
      workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
      workflowType: { name: exec.workflowType },
      previousStartedEventId: exec.lastCompletedStartedId,
      startedEventId,
      attempt: wft.attempt,
      backlogCountHint: 0,
      history: { events },
      workflowExecutionTaskQueue: { name: exec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      scheduledTime: exec.history[wft.scheduledEventId - 1]?.eventTime,
      startedTime: ts(wft.startedAt),
      queries,
      messages,
    };
  }

  private startQueryTask(q: PendingQuery, fromSticky: boolean): Msg | undefined {
    if (q.done || this.queryTaken.has(q.id)) return undefined;
    this.queryTaken.add(q.id);
    const exec = q.exec;
    const partial = fromSticky && !!exec.sticky && this.running(exec) && exec.lastCompletedStartedId > 0;
    const events = partial ? exec.history.slice(exec.lastCompletedStartedId) : exec.history;
    return {
      taskToken: token({ k: 'q', q: q.id }),
      workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
      workflowType: { name: exec.workflowType },
      previousStartedEventId: exec.lastCompletedStartedId,
      startedEventId: 0,
      attempt: 1,
      history: { events },
      query: q.query,
      workflowExecutionTaskQueue: { name: exec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      scheduledTime: ts(this.clock.now()),
      startedTime: ts(this.clock.now()),
    };
  }

  private wftFromToken(tok: Msg): { exec: Execution } {
    if (tok.k !== 'wft') throw invalidArgument('Error deserializing task token');
    const exec = this.runs.get(String(tok.r));
    const wft = exec?.wft;
    if (
      !exec ||
      !wft ||
      wft.scheduledEventId !== tok.s ||
      !wft.startedEventId ||
      wft.attempt !== tok.a ||
      !this.running(exec)
    ) {
      throw notFound('Workflow task not found.');
    }
    return { exec };
  }

  private endWorkflowTask(exec: Execution): void {
    const wft = exec.wft!;
    this.clock.cancel(wft.timeout);
    this.clock.cancel(wft.stickyTimeout);
    exec.wft = undefined;
    this.setInFlight(-1);
  }

  private flushBuffered(exec: Execution): boolean {
    if (!exec.buffered.length) return false;
    const entries = exec.buffered.splice(0);
    for (const events of entries) if (this.running(exec)) this.applyBuffered(exec, events);
    return true;
  }

  /** Closes a workflow task that did not complete: records why, then retries it on the normal queue. */
  private failWorkflowTask(
    exec: Execution,
    kind: 'WORKFLOW_TASK_FAILED' | 'WORKFLOW_TASK_TIMED_OUT',
    attrs: Msg,
    resetAttempt = false,
  ): void {
    const wft = exec.wft!;
    const queries = [...wft.queries.values()];
    this.append(exec, kind, {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      ...attrs,
    });
    this.endWorkflowTask(exec);
    exec.sticky = undefined;
    exec.wftAttempt = resetAttempt ? 1 : wft.attempt + 1;
    exec.deferredQueries.unshift(...queries);
    this.flushBuffered(exec);
    this.scheduleWorkflowTask(exec);
  }

  private workflowTaskTimedOut(exec: Execution, scheduledEventId: number): void {
    const wft = exec.wft;
    if (!wft || wft.scheduledEventId !== scheduledEventId || !wft.startedEventId || !this.running(exec))
      return;
    this.failWorkflowTask(exec, 'WORKFLOW_TASK_TIMED_OUT', { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' });
  }

  respondWorkflowTaskFailed(req: Msg): Msg {
    const { exec } = this.wftFromToken(readToken(req.taskToken));
    this.failWorkflowTask(exec, 'WORKFLOW_TASK_FAILED', {
      cause: req.cause ?? 'WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED',
      failure: req.failure,
      identity: req.identity,
    });
    return {};
  }

  respondWorkflowTaskCompleted(req: Msg): Msg {
    const { exec } = this.wftFromToken(readToken(req.taskToken));
    const wft = exec.wft!;
    const commands: Msg[] = req.commands ?? [];
    const messages: Msg[] = req.messages ?? [];

    // Query answers first: they are independent of the task outcome.
    for (const [id, result] of Object.entries((req.queryResults ?? {}) as Record<string, Msg>)) {
      const q = wft.queries.get(id);
      if (!q) continue;
      wft.queries.delete(id);
      this.answerQuery(q, result.resultType, result.answer, result.errorMessage, result.failure);
    }

    const closing = commands.some((c) =>
      [
        'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION',
        'COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION',
        'COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION',
        'COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION',
      ].includes(String(c.commandType)),
    );
    const newUpdates = [...exec.updates.values()].some(
      (u) => u.stage === 'admitted' && !wft.sentUpdates.includes(u.id),
    );
    if (closing && (exec.buffered.length || newUpdates)) {
      // Something arrived during the task: the workflow must see it before it may close. Like a real server, the
      // failure and the new task are recorded and the worker is told its completion was refused; answering OK
      // would let the SDK believe its close command landed and close the cached run on the retry.
      this.failWorkflowTask(
        exec,
        'WORKFLOW_TASK_FAILED',
        { cause: 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND', identity: req.identity },
        true,
      );
      throw invalidArgument('UnhandledCommand');
    }

    const badCancel = this.unknownCancelTimer(exec, commands);
    if (badCancel !== undefined) {
      // A real server refuses the whole completion: the task fails with BAD_CANCEL_TIMER_ATTRIBUTES (only its first
      // attempt is recorded; later ones are dropped and time out) and the worker gets INVALID_ARGUMENT.
      const message = `BadCancelTimerAttributes: no started timer with id "${badCancel}" to cancel`;
      if (wft.attempt <= 1) {
        this.failWorkflowTask(exec, 'WORKFLOW_TASK_FAILED', {
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES',
          failure: { message, applicationFailureInfo: {} },
          identity: req.identity,
        });
      }
      throw invalidArgument(message);
    }

    const completedId = this.append(exec, 'WORKFLOW_TASK_COMPLETED', {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      identity: req.identity,
      binaryChecksum: req.binaryChecksum,
      workerVersion: req.workerVersionStamp,
      sdkMetadata: req.sdkMetadata,
      meteringMetadata: req.meteringMetadata,
    });
    exec.lastCompletedStartedId = wft.startedEventId;
    recordBuildId(exec, req);
    exec.wftAttempt = 1;
    const stickyQueue = req.stickyAttributes?.workerTaskQueue?.name;
    exec.sticky = stickyQueue
      ? {
          queue: String(stickyQueue),
          timeoutMs: durMs(req.stickyAttributes.scheduleToStartTimeout) || 10_000,
        }
      : undefined;
    const pendingQueries = [...wft.queries.values()];
    this.endWorkflowTask(exec);
    exec.deferredQueries.unshift(...pendingQueries);

    const post: Array<() => void> = [];
    const msgById = new Map<string, Msg>(messages.map((m) => [String(m.id), m]));
    const handled = new Set<string>();
    let needTask = !!req.forceCreateNewWorkflowTask;
    const eager: ActivityState[] = [];
    for (const cmd of commands) {
      if (!this.running(exec)) break;
      const type = String(cmd.commandType).replace(/^COMMAND_TYPE_/, '');
      const a: Msg = cmd[attrKey(type, 'CommandAttributes')] ?? {};
      if (type === 'PROTOCOL_MESSAGE') {
        const m = msgById.get(String(a.messageId));
        if (m) {
          handled.add(String(m.id));
          this.handleProtocolMessage(exec, m, completedId);
        }
        continue;
      }
      if (type === 'SCHEDULE_ACTIVITY_TASK' && a.requestEagerExecution === true && this.eagerActivities) {
        const act = this.scheduleActivity(exec, a, completedId, true, cmd.userMetadata);
        if (act.taskQueue === exec.taskQueue) eager.push(act);
        else this.actQueues.offer(act.taskQueue, { act, attempt: act.attempt });
        continue;
      }
      const r = this.applyCommand(exec, type, a, completedId, cmd, post);
      if (r) needTask = true;
    }
    for (const m of messages) {
      if (!handled.has(String(m.id)) && this.running(exec)) this.handleProtocolMessage(exec, m, completedId);
    }
    // Updates sent with this task but neither accepted nor rejected go out again with the next task.
    if (this.running(exec) && wft.sentUpdates.some((id) => exec.updates.get(id)?.stage === 'admitted'))
      needTask = true;
    if (this.running(exec)) {
      if (this.flushBuffered(exec)) needTask = true;
      if ([...exec.updates.values()].some((u) => u.stage === 'admitted')) needTask = true;
      if (needTask || exec.needsWft) this.scheduleWorkflowTask(exec);
      else this.dispatchDeferredQueries(exec);
    }
    for (const fn of post) fn();
    // Eager activities start now for the completing worker, unless cancelled or closed with the same task.
    const activityTasks: Msg[] = [];
    for (const act of eager) {
      const task = this.startActivityTask({ act, attempt: act.attempt }, String(req.identity ?? ''));
      if (task) activityTasks.push(task);
    }
    return activityTasks.length ? { activityTasks } : {};
  }

  /** The id of the first CancelTimer naming a timer that is neither running, fired during the task, nor started earlier in it. */
  private unknownCancelTimer(exec: Execution, commands: Msg[]): string | undefined {
    let live: Set<string> | undefined;
    for (const cmd of commands) {
      const type = String(cmd.commandType);
      if (type !== 'COMMAND_TYPE_START_TIMER' && type !== 'COMMAND_TYPE_CANCEL_TIMER') continue;
      live ??= new Set([
        ...exec.timers.keys(),
        ...exec.buffered
          .flat()
          .filter((e) => e.kind === 'TIMER_FIRED')
          .map((e) => String(e.attrs.timerId)),
      ]);
      if (type === 'COMMAND_TYPE_START_TIMER') live.add(String(cmd.startTimerCommandAttributes?.timerId));
      else {
        const id = String(cmd.cancelTimerCommandAttributes?.timerId);
        if (!live.delete(id)) return id;
      }
    }
    return undefined;
  }

  /** Removes a TimerFired still buffered behind the task (the timer fired while the worker was cancelling it). */
  private takeBufferedTimerFired(exec: Execution, timerId: string): number | undefined {
    for (let g = 0; g < exec.buffered.length; g++) {
      const group = exec.buffered[g]!;
      const i = group.findIndex((e) => e.kind === 'TIMER_FIRED' && String(e.attrs.timerId) === timerId);
      if (i < 0) continue;
      const [ev] = group.splice(i, 1);
      if (!group.length) exec.buffered.splice(g, 1);
      return Number(ev!.attrs.startedEventId);
    }
    return undefined;
  }

  private dispatchDeferredQueries(exec: Execution): void {
    for (const q of exec.deferredQueries.splice(0)) this.offerLegacyQuery(q);
  }

  private offerLegacyQuery(q: PendingQuery): void {
    if (q.done) return;
    const exec = q.exec;
    if (exec.sticky && !this.wfQueues.polledWithin(exec.sticky.queue, STICKY_POLLER_UNAVAILABLE_MS))
      exec.sticky = undefined;
    const queue = this.running(exec) && exec.sticky ? exec.sticky.queue : exec.taskQueue;
    this.wfQueues.offer(queue, { kind: 'query', query: q });
    if (queue !== exec.taskQueue) {
      const timeout = exec.sticky?.timeoutMs ?? 5000;
      this.clock.after(timeout, () => {
        if (!q.done && !this.queryTaken.has(q.id))
          this.wfQueues.offer(exec.taskQueue, { kind: 'query', query: q });
      });
    }
  }

  private queryTaken = new Set<string>();

  // ---------- commands ----------

  /** Applies one command; returns true when it requires a new workflow task right away. */
  private applyCommand(
    exec: Execution,
    type: string,
    a: Msg,
    completedId: number,
    cmd: Msg,
    post: Array<() => void>,
  ): boolean {
    switch (type) {
      case 'SCHEDULE_ACTIVITY_TASK':
        this.scheduleActivity(exec, a, completedId, false, cmd.userMetadata);
        return false;
      case 'REQUEST_CANCEL_ACTIVITY_TASK':
        return this.requestCancelActivity(exec, Number(a.scheduledEventId), completedId);
      case 'START_TIMER': {
        const timerId = String(a.timerId);
        const ms = durMs(a.startToFireTimeout);
        const startedEventId = this.append(
          exec,
          'TIMER_STARTED',
          {
            timerId,
            startToFireTimeout: a.startToFireTimeout,
            workflowTaskCompletedEventId: completedId,
          },
          cmd.userMetadata,
        );
        const handle = this.clock.after(ms, () => this.fireTimer(exec, timerId, startedEventId));
        exec.timers.set(timerId, { startedEventId, handle });
        return false;
      }
      case 'CANCEL_TIMER': {
        const timerId = String(a.timerId);
        const t = exec.timers.get(timerId);
        if (t) {
          this.clock.cancel(t.handle);
          exec.timers.delete(timerId);
        }
        // Validated up front: the timer is running or its TimerFired is buffered (then that event is dropped).
        const startedEventId = t ? t.startedEventId : this.takeBufferedTimerFired(exec, timerId);
        if (startedEventId !== undefined)
          this.append(exec, 'TIMER_CANCELED', {
            timerId,
            startedEventId,
            workflowTaskCompletedEventId: completedId,
          });
        return false;
      }
      case 'RECORD_MARKER':
        this.append(exec, 'MARKER_RECORDED', { ...a, workflowTaskCompletedEventId: completedId });
        return false;
      case 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES': {
        this.append(exec, 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', {
          workflowTaskCompletedEventId: completedId,
          searchAttributes: a.searchAttributes,
        });
        this.mergeSearchAttributes(exec, a.searchAttributes?.indexedFields ?? {});
        return false;
      }
      case 'MODIFY_WORKFLOW_PROPERTIES': {
        this.append(exec, 'WORKFLOW_PROPERTIES_MODIFIED', {
          workflowTaskCompletedEventId: completedId,
          upsertedMemo: a.upsertedMemo,
        });
        const fields = { ...(exec.memo.fields ?? {}) };
        for (const [k, v] of Object.entries((a.upsertedMemo?.fields ?? {}) as Record<string, Msg>)) {
          if (!v?.data?.length || Buffer.from(v.data as Uint8Array).toString() === 'null') delete fields[k];
          else fields[k] = v;
        }
        exec.memo = { fields };
        return false;
      }
      case 'COMPLETE_WORKFLOW_EXECUTION':
        this.append(exec, 'WORKFLOW_EXECUTION_COMPLETED', {
          result: a.result,
          workflowTaskCompletedEventId: completedId,
        });
        this.closeExecution(exec, 'Completed', { result: a.result });
        return false;
      case 'FAIL_WORKFLOW_EXECUTION': {
        const retry = this.workflowRetry(exec, a.failure);
        this.append(exec, 'WORKFLOW_EXECUTION_FAILED', {
          failure: a.failure,
          retryState: retry.state,
          workflowTaskCompletedEventId: completedId,
          newExecutionRunId: retry.newRunId,
        });
        this.closeExecution(exec, 'Failed', { failure: a.failure }, !retry.newRunId);
        if (retry.newRunId) this.startRetry(exec, retry.newRunId, retry.delay, a.failure);
        return false;
      }
      case 'CANCEL_WORKFLOW_EXECUTION':
        this.append(exec, 'WORKFLOW_EXECUTION_CANCELED', {
          details: a.details,
          workflowTaskCompletedEventId: completedId,
        });
        this.closeExecution(exec, 'Canceled', { details: a.details });
        return false;
      case 'CONTINUE_AS_NEW_WORKFLOW_EXECUTION':
        this.continueAsNew(exec, a, completedId);
        return false;
      case 'START_CHILD_WORKFLOW_EXECUTION': {
        const initiatedEventId = this.append(
          exec,
          'START_CHILD_WORKFLOW_EXECUTION_INITIATED',
          {
            ...a,
            namespace: a.namespace || exec.ns,
            workflowTaskCompletedEventId: completedId,
          },
          cmd.userMetadata,
        );
        post.push(() => this.startChild(exec, a, initiatedEventId, cmd.userMetadata));
        return false;
      }
      case 'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION': {
        const target = {
          workflowId: a.workflowId ?? a.execution?.workflowId,
          runId: a.runId ?? a.execution?.runId,
        };
        const initiatedEventId = this.append(exec, 'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', {
          namespace: a.namespace || exec.ns,
          workflowExecution: target,
          control: a.control,
          childWorkflowOnly: a.childWorkflowOnly,
          reason: a.reason,
          workflowTaskCompletedEventId: completedId,
        });
        post.push(() => this.cancelExternal(exec, target, initiatedEventId));
        return false;
      }
      case 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION': {
        const initiatedEventId = this.append(exec, 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', {
          namespace: a.namespace || exec.ns,
          workflowExecution: a.execution,
          signalName: a.signalName,
          input: a.input,
          control: a.control,
          childWorkflowOnly: a.childWorkflowOnly,
          header: a.header,
          workflowTaskCompletedEventId: completedId,
        });
        post.push(() => this.signalExternal(exec, a, initiatedEventId));
        return false;
      }
      default:
        void cmd;
        throw invalidArgument(`Unsupported command type: COMMAND_TYPE_${type}`);
    }
  }

  private mergeSearchAttributes(exec: Execution, fields: Record<string, Msg>): void {
    for (const [k, v] of Object.entries(fields)) {
      const data = v?.data ? Buffer.from(v.data as Uint8Array).toString() : '';
      if (!data || data === 'null' || data === '[]') delete exec.searchAttributes[k];
      else exec.searchAttributes[k] = this.typedSearchAttribute(k, v);
    }
  }

  /** Stored search attributes always carry their type, as on a real server (which knows the registered types). */
  private typedSearchAttribute(name: string, p: Msg): Msg {
    const metaType = p.metadata?.type ? Buffer.from(p.metadata.type as Uint8Array).toString() : '';
    if (metaType) {
      if (!this.saTypes.has(name)) this.saTypes.set(name, metaType);
      return p;
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from((p.data as Uint8Array) ?? []).toString());
    } catch {
      return p;
    }
    let type = this.saTypes.get(name);
    if (!type) {
      const sample = Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
      type = Array.isArray(sample)
        ? 'KeywordList'
        : typeof sample === 'number'
          ? Number.isInteger(sample)
            ? 'Int'
            : 'Double'
          : typeof sample === 'boolean'
            ? 'Bool'
            : typeof sample === 'string' && /^\d{4}-\d\d-\d\dT/.test(sample)
              ? 'Datetime'
              : 'Keyword';
    }
    if (type !== 'KeywordList' && Array.isArray(value) && value.length === 1) value = value[0];
    return {
      metadata: { ...(p.metadata ?? {}), encoding: Buffer.from('json/plain'), type: Buffer.from(type) },
      data: Buffer.from(JSON.stringify(value)),
    };
  }

  /**
   * The start request's attributes as the started event carries them: data as sent, with the `type` metadata a real
   * server adds (so a workflow decodes a Datetime given through the untyped API as a Date).
   */
  private withSaTypes(sa: Msg | undefined): Msg | undefined {
    const fields = sa?.indexedFields as Record<string, Msg> | undefined;
    if (!fields) return sa;
    const indexedFields: Record<string, Msg> = {};
    for (const [k, v] of Object.entries(fields)) {
      const type = this.typedSearchAttribute(k, v).metadata?.type as Uint8Array | undefined;
      indexedFields[k] = type && !v.metadata?.type ? { ...v, metadata: { ...(v.metadata ?? {}), type } } : v;
    }
    return { ...sa, indexedFields };
  }

  private saTypes = new Map<string, string>([
    ['CustomKeywordField', 'Keyword'],
    ['CustomStringField', 'Text'],
    ['CustomTextField', 'Text'],
    ['CustomIntField', 'Int'],
    ['CustomDoubleField', 'Double'],
    ['CustomBoolField', 'Bool'],
    ['CustomDatetimeField', 'Datetime'],
    ['CustomKeywordListField', 'KeywordList'],
  ]);

  private fireTimer(exec: Execution, timerId: string, startedEventId: number): void {
    const t = exec.timers.get(timerId);
    if (!t || t.startedEventId !== startedEventId || !this.running(exec)) return;
    exec.timers.delete(timerId);
    this.whenIdle(exec, [{ kind: 'TIMER_FIRED', attrs: { timerId, startedEventId } }]);
  }

  // ---------- activities ----------

  /** With holdForEager the first attempt is not queued: the caller starts it or queues it. */
  private scheduleActivity(
    exec: Execution,
    a: Msg,
    completedId: number,
    holdForEager = false,
    userMetadata?: Msg,
  ): ActivityState {
    if (!a.activityId || !a.activityType?.name)
      throw invalidArgument('ActivityId and ActivityType must be set.');
    const runTimeout = exec.runTimeoutMs;
    let s2c = durMs(a.scheduleToCloseTimeout);
    let s2s = durMs(a.scheduleToStartTimeout);
    let st2c = durMs(a.startToCloseTimeout);
    let hb = durMs(a.heartbeatTimeout);
    if (s2c < 0 || (runTimeout > 0 && s2c > runTimeout)) s2c = runTimeout;
    if (s2c === 0 && runTimeout > 0 && st2c <= 0) s2c = runTimeout;
    if (s2c > 0) {
      s2s = s2s > 0 ? Math.min(s2s, s2c) : s2c;
      st2c = st2c > 0 ? Math.min(st2c, s2c) : s2c;
    } else if (st2c > 0) {
      s2c = runTimeout; // 0 means unlimited
      if (s2c > 0) s2s = s2s > 0 ? Math.min(s2s, s2c) : s2c;
    } else {
      throw invalidArgument(
        'A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.',
      );
    }
    if (hb > st2c) hb = st2c;
    const rp = a.retryPolicy ?? {};
    const initial = durMs(rp.initialInterval) || 1000;
    const retryPolicy = {
      initialInterval: dur(initial),
      backoffCoefficient: rp.backoffCoefficient || 2,
      maximumInterval: dur(durMs(rp.maximumInterval) || initial * 100),
      maximumAttempts: rp.maximumAttempts ?? 0,
      nonRetryableErrorTypes: rp.nonRetryableErrorTypes ?? [],
    };
    const taskQueue = a.taskQueue?.name ? String(a.taskQueue.name) : exec.taskQueue;
    const attrs: Msg = {
      activityId: String(a.activityId),
      activityType: a.activityType,
      taskQueue: { name: taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      header: a.header,
      input: a.input,
      scheduleToCloseTimeout: dur(s2c),
      scheduleToStartTimeout: dur(s2s),
      startToCloseTimeout: dur(st2c),
      heartbeatTimeout: dur(hb),
      workflowTaskCompletedEventId: completedId,
      retryPolicy,
      useWorkflowBuildId: a.useWorkflowBuildId,
      priority: a.priority,
    };
    const scheduledEventId = this.append(exec, 'ACTIVITY_TASK_SCHEDULED', attrs, userMetadata);
    const now = this.clock.now();
    const act: ActivityState = {
      exec,
      scheduledEventId,
      activityId: attrs.activityId,
      activityType: String(a.activityType.name),
      taskQueue,
      attrs,
      attempt: 1,
      state: 'scheduled',
      firstScheduledTime: now,
      attemptScheduledTime: now,
      startedTime: 0,
      startedIdentity: '',
      lastHeartbeatTime: 0,
      cancelRequested: false,
      cancelRequestedEventId: 0,
      timers: {},
    };
    exec.activities.set(scheduledEventId, act);
    if (s2c > 0)
      act.timers.scheduleToClose = this.clock.after(s2c, () =>
        this.activityTimedOut(act, 'SCHEDULE_TO_CLOSE', act.attempt),
      );
    this.queueActivityAttempt(act, !holdForEager);
    return act;
  }

  private queueActivityAttempt(act: ActivityState, offer = true): void {
    act.state = 'scheduled';
    act.attemptScheduledTime = this.clock.now();
    this.setInFlight(1);
    const s2s = durMs(act.attrs.scheduleToStartTimeout);
    const s2c = durMs(act.attrs.scheduleToCloseTimeout);
    if (s2s > 0 && s2s !== s2c) {
      const attempt = act.attempt;
      act.timers.scheduleToStart = this.clock.after(s2s, () =>
        this.activityTimedOut(act, 'SCHEDULE_TO_START', attempt),
      );
    }
    if (offer) this.actQueues.offer(act.taskQueue, { act, attempt: act.attempt });
  }

  private activityLive(act: ActivityState): boolean {
    return this.running(act.exec) && act.exec.activities.get(act.scheduledEventId) === act;
  }

  private activityTaskLive(t: ActivityTask): boolean {
    return (
      this.activityLive(t.act) && t.act.state === 'scheduled' && t.act.attempt === t.attempt && !t.act.paused
    );
  }

  pollActivityTask(req: Msg, ctx: PollContext): Promise<Msg> {
    const queue = String(req.taskQueue?.name ?? '');
    if (!queue) return Promise.reject(invalidArgument('TaskQueue is not set on request.'));
    const identity = String(req.identity ?? '');
    return this.longPoll(this.actQueues, queue, ctx, (t) => this.startActivityTask(t, identity));
  }

  private startActivityTask(t: ActivityTask, identity: string): Msg | undefined {
    if (!this.activityTaskLive(t)) return undefined;
    const act = t.act;
    const exec = act.exec;
    this.touch(exec);
    act.state = 'started';
    act.resetRequested = false;
    act.startedTime = this.clock.now();
    act.startedIdentity = identity;
    act.lastHeartbeatTime = act.startedTime;
    this.clock.cancel(act.timers.scheduleToStart);
    const st2c = durMs(act.attrs.startToCloseTimeout);
    const attempt = act.attempt;
    if (st2c > 0)
      act.timers.startToClose = this.clock.after(st2c, () =>
        this.activityTimedOut(act, 'START_TO_CLOSE', attempt),
      );
    this.armHeartbeat(act);
    return {
      taskToken: token({ k: 'act', r: exec.runId, s: act.scheduledEventId, a: act.attempt }),
      workflowNamespace: exec.ns,
      workflowType: { name: exec.workflowType },
      workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
      activityType: act.attrs.activityType,
      activityId: act.activityId,
      header: act.attrs.header,
      input: act.attrs.input,
      heartbeatDetails: act.heartbeatDetails,
      scheduledTime: ts(act.firstScheduledTime),
      currentAttemptScheduledTime: ts(act.attemptScheduledTime),
      startedTime: ts(act.startedTime),
      attempt: act.attempt,
      scheduleToCloseTimeout: act.attrs.scheduleToCloseTimeout,
      startToCloseTimeout: act.attrs.startToCloseTimeout,
      heartbeatTimeout: act.attrs.heartbeatTimeout,
      retryPolicy: act.attrs.retryPolicy,
      priority: act.attrs.priority,
    };
  }

  private armHeartbeat(act: ActivityState): void {
    this.clock.cancel(act.timers.heartbeat);
    const hb = durMs(act.attrs.heartbeatTimeout);
    if (hb > 0) {
      const attempt = act.attempt;
      act.timers.heartbeat = this.clock.after(hb, () => this.activityTimedOut(act, 'HEARTBEAT', attempt));
    }
  }

  private clearAttemptTimers(act: ActivityState): void {
    this.clock.cancel(act.timers.scheduleToStart);
    this.clock.cancel(act.timers.startToClose);
    this.clock.cancel(act.timers.heartbeat);
    this.clock.cancel(act.timers.retry);
  }

  private actFromToken(req: Msg): ActivityState {
    const tok = readToken(req.taskToken);
    if (tok.k !== 'act') throw invalidArgument('Error deserializing task token');
    const exec = this.runs.get(String(tok.r));
    const act = exec?.activities.get(Number(tok.s));
    if (!exec || !act || !this.running(exec) || act.attempt !== tok.a || act.state !== 'started') {
      throw notFound('activity task not found');
    }
    return act;
  }

  private actById(req: Msg): ActivityState {
    const exec = this.find(String(req.namespace || this.namespace), {
      workflowId: req.workflowId,
      runId: req.runId,
    });
    for (const act of exec.activities.values()) {
      if (act.activityId === req.activityId && this.running(exec)) return act;
    }
    throw notFound('activity task not found');
  }

  /** Removes the activity from the execution and writes its Started event (if it started) plus the close event. */
  private closeActivity(act: ActivityState, kind: string, attrs: (startedEventId: number) => Msg): void {
    const exec = act.exec;
    this.clearAttemptTimers(act);
    this.clock.cancel(act.timers.scheduleToClose);
    if (act.state !== 'backoff') this.setInFlight(-1);
    const wasStarted = act.state === 'started';
    exec.activities.delete(act.scheduledEventId);
    const events: BufferedEvent[] = [];
    if (wasStarted) {
      events.push({
        kind: 'ACTIVITY_TASK_STARTED',
        attrs: {
          scheduledEventId: act.scheduledEventId,
          identity: act.startedIdentity,
          requestId: randomUUID(),
          attempt: act.attempt,
          lastFailure: act.lastFailure,
        },
      });
    }
    events.push({ kind, attrs: attrs(wasStarted ? LINK_ACTIVITY_STARTED : 0) });
    this.whenIdle(exec, events);
  }

  respondActivityCompleted(req: Msg, byId = false): Msg {
    const act = byId ? this.actById(req) : this.actFromToken(req);
    if (byId && act.state !== 'started') act.state = 'started';
    this.closeActivity(act, 'ACTIVITY_TASK_COMPLETED', (startedEventId) => ({
      result: req.result,
      scheduledEventId: act.scheduledEventId,
      startedEventId,
      identity: req.identity,
    }));
    return {};
  }

  respondActivityCanceled(req: Msg, byId = false): Msg {
    const act = byId ? this.actById(req) : this.actFromToken(req);
    this.closeActivity(act, 'ACTIVITY_TASK_CANCELED', (startedEventId) => ({
      details: req.details,
      latestCancelRequestedEventId: act.cancelRequestedEventId,
      scheduledEventId: act.scheduledEventId,
      startedEventId,
      identity: req.identity,
    }));
    return {};
  }

  respondActivityFailed(req: Msg, byId = false): Msg {
    const act = byId ? this.actById(req) : this.actFromToken(req);
    if (req.lastHeartbeatDetails) act.heartbeatDetails = req.lastHeartbeatDetails;
    this.activityAttemptFailed(act, req.failure ?? { message: 'activity failed' }, undefined, req.identity);
    return {};
  }

  recordHeartbeat(req: Msg, byId = false): Msg {
    const act = byId ? this.actById(req) : this.actFromToken(req);
    if (req.details) act.heartbeatDetails = req.details;
    act.lastHeartbeatTime = this.clock.now();
    this.touch(act.exec);
    this.armHeartbeat(act);
    return {
      cancelRequested: act.cancelRequested,
      activityPaused: !!act.paused,
      activityReset: !!act.resetRequested,
    };
  }

  private retryDelay(
    act: ActivityState,
    failure: Msg | undefined,
    timeoutType: string | undefined,
  ): { delay: number; state: string } {
    const rp = act.attrs.retryPolicy;
    const max = Number(rp.maximumAttempts ?? 0);
    if (timeoutType === 'SCHEDULE_TO_CLOSE' || timeoutType === 'SCHEDULE_TO_START')
      return { delay: -1, state: 'RETRY_STATE_TIMEOUT' };
    const app = failure?.applicationFailureInfo;
    if (app?.nonRetryable) return { delay: -1, state: 'RETRY_STATE_NON_RETRYABLE_FAILURE' };
    const errType = app ? String(app.type ?? '') : timeoutType ? `TemporalTimeout:${timeoutType}` : '';
    if (errType && (rp.nonRetryableErrorTypes ?? []).includes(errType))
      return { delay: -1, state: 'RETRY_STATE_NON_RETRYABLE_FAILURE' };
    if (max > 0 && act.attempt >= max) return { delay: -1, state: 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED' };
    const initial = durMs(rp.initialInterval);
    const maxInterval = durMs(rp.maximumInterval);
    let delay = initial * Math.pow(Number(rp.backoffCoefficient || 2), act.attempt - 1);
    if (maxInterval > 0) delay = Math.min(delay, maxInterval);
    const explicit = durMs(app?.nextRetryDelay);
    if (explicit > 0) delay = explicit;
    const s2c = durMs(act.attrs.scheduleToCloseTimeout);
    if (s2c > 0 && this.clock.now() + delay >= act.firstScheduledTime + s2c)
      return { delay: -1, state: 'RETRY_STATE_TIMEOUT' };
    return { delay, state: 'RETRY_STATE_IN_PROGRESS' };
  }

  private activityAttemptFailed(
    act: ActivityState,
    failure: Msg,
    timeoutType: string | undefined,
    identity?: string,
  ): void {
    if (act.resetRequested) act.attempt = 1; // a reset attempt's retry counts attempts anew
    const { delay, state } = this.retryDelay(act, failure, timeoutType);
    this.touch(act.exec);
    if (delay >= 0) {
      this.clearAttemptTimers(act);
      this.setInFlight(-1);
      act.state = 'backoff';
      act.resetRequested = false;
      act.lastFailure = failure;
      act.attempt++;
      act.retryAt = this.clock.now() + delay;
      if (!act.paused) this.armRetry(act, delay); // a paused activity retries when unpaused
      return;
    }
    if (timeoutType) {
      this.closeActivity(act, 'ACTIVITY_TASK_TIMED_OUT', (startedEventId) => ({
        failure,
        scheduledEventId: act.scheduledEventId,
        startedEventId,
        retryState: state,
      }));
    } else {
      this.closeActivity(act, 'ACTIVITY_TASK_FAILED', (startedEventId) => ({
        failure,
        scheduledEventId: act.scheduledEventId,
        startedEventId,
        identity,
        retryState: state,
      }));
    }
  }

  private armRetry(act: ActivityState, delay: number): void {
    this.clock.cancel(act.timers.retry);
    act.timers.retry = this.clock.after(delay, () => {
      if (this.activityLive(act) && act.state === 'backoff' && !act.paused) this.queueActivityAttempt(act);
    });
  }

  /** The pending activities a Pause/Unpause/ResetActivity request names (by id, by type, or all). */
  private activitiesNamed(req: Msg, all: boolean): ActivityState[] {
    const exec = this.find(String(req.namespace || this.namespace), req.execution);
    if (!this.running(exec)) throw workflowCompleted();
    const acts = [...exec.activities.values()].filter((a) =>
      all ? true : req.id ? a.activityId === req.id : req.type ? a.activityType === req.type : false,
    );
    if (!all && !req.id && !req.type)
      throw invalidArgument('Either activity id or activity type must be provided.');
    if (!acts.length) throw notFound(`Activity not found: ${String(req.id || req.type)}`);
    for (const a of acts) this.touch(a.exec);
    return acts;
  }

  pauseActivity(req: Msg): Msg {
    for (const act of this.activitiesNamed(req, false)) act.paused = true;
    return {};
  }

  unpauseActivity(req: Msg): Msg {
    for (const act of this.activitiesNamed(req, !!req.unpauseAll)) {
      if (!act.paused) continue;
      act.paused = false;
      if (req.resetAttempts && act.state !== 'started') act.attempt = 1;
      if (req.resetHeartbeat) act.heartbeatDetails = undefined;
      if (act.state === 'scheduled') this.actQueues.offer(act.taskQueue, { act, attempt: act.attempt });
      if (act.state === 'backoff') this.armRetry(act, Math.max(0, (act.retryAt ?? 0) - this.clock.now()));
    }
    return {};
  }

  resetActivity(req: Msg): Msg {
    for (const act of this.activitiesNamed(req, !!req.matchAll)) {
      if (req.resetHeartbeat) act.heartbeatDetails = undefined;
      if (!req.keepPaused) act.paused = false; // also for a running attempt, as the dev server 1.32 does
      if (act.state === 'started') {
        act.resetRequested = true; // the running attempt learns it from its next heartbeat response
        continue;
      }
      act.attempt = 1;
      if (act.state === 'backoff') {
        this.clock.cancel(act.timers.retry);
        if (!act.paused) this.queueActivityAttempt(act);
      } else if (!act.paused) this.actQueues.offer(act.taskQueue, { act, attempt: act.attempt });
    }
    return {};
  }

  private activityTimedOut(act: ActivityState, timeoutType: string, attempt: number): void {
    if (!this.activityLive(act) || act.attempt !== attempt) return;
    if (timeoutType === 'SCHEDULE_TO_START' && act.state !== 'scheduled') return;
    if ((timeoutType === 'START_TO_CLOSE' || timeoutType === 'HEARTBEAT') && act.state !== 'started') return;
    const failure: Msg = {
      message: `activity ${timeoutType === 'SCHEDULE_TO_CLOSE' ? 'ScheduleToClose' : timeoutType === 'SCHEDULE_TO_START' ? 'ScheduleToStart' : timeoutType === 'START_TO_CLOSE' ? 'StartToClose' : 'Heartbeat'} timeout`,
      source: 'Server',
      timeoutFailureInfo: {
        timeoutType: `TIMEOUT_TYPE_${timeoutType}`,
        lastHeartbeatDetails: act.heartbeatDetails,
      },
      cause: act.lastFailure,
    };
    this.activityAttemptFailed(act, failure, timeoutType);
  }

  private requestCancelActivity(exec: Execution, scheduledEventId: number, completedId: number): boolean {
    const act = exec.activities.get(scheduledEventId);
    const cancelRequestedId = this.append(exec, 'ACTIVITY_TASK_CANCEL_REQUESTED', {
      scheduledEventId,
      workflowTaskCompletedEventId: completedId,
    });
    if (!act) return false;
    act.cancelRequested = true;
    act.cancelRequestedEventId = cancelRequestedId;
    if (act.state !== 'started') {
      this.clearAttemptTimers(act);
      this.clock.cancel(act.timers.scheduleToClose);
      if (act.state === 'scheduled') this.setInFlight(-1);
      exec.activities.delete(scheduledEventId);
      this.append(exec, 'ACTIVITY_TASK_CANCELED', {
        latestCancelRequestedEventId: cancelRequestedId,
        scheduledEventId,
        startedEventId: 0,
      });
      return true;
    }
    return false;
  }

  // ---------- signals, cancel, terminate ----------

  signal(req: Msg): Msg {
    const exec = this.find(String(req.namespace || this.namespace), req.workflowExecution);
    if (!this.running(exec)) throw workflowCompleted();
    if (req.requestId) {
      if (exec.requestIds.has(`signal:${req.requestId}`)) return {};
      exec.requestIds.add(`signal:${req.requestId}`);
    }
    this.deliverSignal(exec, {
      signalName: req.signalName,
      input: req.input,
      identity: req.identity,
      header: req.header,
    });
    return {};
  }

  private deliverSignal(exec: Execution, attrs: Msg): void {
    this.whenIdle(exec, [{ kind: 'WORKFLOW_EXECUTION_SIGNALED', attrs }]);
  }

  signalWithStart(req: Msg): Msg {
    const ns = String(req.namespace || this.namespace);
    const cur = this.current(ns, String(req.workflowId ?? ''));
    const signalAttrs = {
      signalName: req.signalName,
      input: req.signalInput,
      identity: req.identity,
      header: req.header,
    };
    if (cur && this.running(cur)) {
      const conflict = String(req.workflowIdConflictPolicy ?? '');
      if (conflict !== 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING') {
        this.deliverSignal(cur, signalAttrs);
        return { runId: cur.runId, started: false };
      }
    }
    const { exec } = this.startWorkflow({ ...req, input: req.input }, { signal: signalAttrs });
    return { runId: exec.runId, started: true };
  }

  requestCancel(req: Msg): Msg {
    const exec = this.find(String(req.namespace || this.namespace), req.workflowExecution);
    if (!this.running(exec)) throw workflowCompleted();
    if (req.requestId && exec.requestIds.has(`cancel:${req.requestId}`)) return {};
    if (req.requestId) exec.requestIds.add(`cancel:${req.requestId}`);
    this.cancelExecution(exec, { cause: req.reason, identity: req.identity });
    return {};
  }

  private cancelExecution(exec: Execution, attrs: Msg): void {
    if (exec.cancelRequested) return;
    exec.cancelRequested = true;
    this.whenIdle(exec, [{ kind: 'WORKFLOW_EXECUTION_CANCEL_REQUESTED', attrs }]);
  }

  terminateRequest(req: Msg): Msg {
    const exec = this.find(String(req.namespace || this.namespace), req.workflowExecution);
    if (!this.running(exec)) throw workflowCompleted();
    this.terminate(exec, req.reason, req.details, req.identity);
    return {};
  }

  terminate(
    exec: Execution,
    reason: string | undefined,
    details: Msg | undefined,
    identity: string | undefined,
  ): void {
    if (!this.running(exec)) return;
    if (exec.wft) {
      if (exec.wft.startedEventId) {
        this.append(exec, 'WORKFLOW_TASK_FAILED', {
          scheduledEventId: exec.wft.scheduledEventId,
          startedEventId: exec.wft.startedEventId,
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND',
          identity,
        });
      }
    }
    exec.buffered = [];
    this.append(exec, 'WORKFLOW_EXECUTION_TERMINATED', { reason, details, identity });
    this.closeExecution(exec, 'Terminated', { reason, details });
  }

  private timeoutWorkflow(exec: Execution): void {
    if (!this.running(exec)) return;
    exec.buffered = [];
    // a run timeout is retried by the workflow's retry policy (an execution timeout never: it spans all runs)
    const failure = {
      message: 'workflow timed out',
      timeoutFailureInfo: { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' },
    };
    const retry =
      exec.runTimeoutMs && exec.runTimeoutMs !== exec.executionTimeoutMs
        ? this.workflowRetry(exec, failure)
        : undefined;
    this.append(exec, 'WORKFLOW_EXECUTION_TIMED_OUT', {
      retryState: retry?.newRunId ? retry.state : 'RETRY_STATE_TIMEOUT',
      newExecutionRunId: retry?.newRunId,
    });
    this.closeExecution(exec, 'TimedOut', {}, !retry?.newRunId);
    if (retry?.newRunId) this.startRetry(exec, retry.newRunId, retry.delay, failure);
  }

  /** The workflow-level retry policy (from the start) applied to a failed run: Temporal's defaults and limits. */
  private workflowRetry(
    exec: Execution,
    failure: Msg | undefined,
  ): { state: string; delay: number; newRunId?: string } {
    const started = exec.history[0]!.workflowExecutionStartedEventAttributes as Msg;
    const rp = started.retryPolicy as Msg | undefined;
    if (!rp) return { state: 'RETRY_STATE_RETRY_POLICY_NOT_SET', delay: -1 };
    const attempt = Number(started.attempt ?? 1);
    const app = failure?.applicationFailureInfo;
    if (app?.nonRetryable || failure?.terminatedFailureInfo || failure?.canceledFailureInfo)
      return { state: 'RETRY_STATE_NON_RETRYABLE_FAILURE', delay: -1 };
    if (app && (rp.nonRetryableErrorTypes ?? []).includes(String(app.type ?? '')))
      return { state: 'RETRY_STATE_NON_RETRYABLE_FAILURE', delay: -1 };
    const max = Number(rp.maximumAttempts ?? 0);
    if (max > 0 && attempt >= max) return { state: 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED', delay: -1 };
    const initial = durMs(rp.initialInterval) || 1000;
    const maxInterval = durMs(rp.maximumInterval) || 100 * initial;
    let delay = Math.min(initial * Math.pow(Number(rp.backoffCoefficient || 2), attempt - 1), maxInterval);
    const explicit = durMs(app?.nextRetryDelay);
    if (explicit > 0) delay = explicit;
    const firstStart = this.runs.get(exec.firstRunId)?.startTime ?? exec.startTime;
    if (exec.executionTimeoutMs && this.clock.now() + delay >= firstStart + exec.executionTimeoutMs)
      return { state: 'RETRY_STATE_TIMEOUT', delay: -1 };
    return { state: 'RETRY_STATE_IN_PROGRESS', delay, newRunId: randomUUID() };
  }

  /** The next attempt of a failed run: a new run of the same chain, its first task after the backoff. */
  private startRetry(exec: Execution, newRunId: string, delay: number, failure: Msg | undefined): void {
    exec.successorRunId = newRunId;
    const started = exec.history[0]!.workflowExecutionStartedEventAttributes as Msg;
    this.startWorkflow(
      {
        namespace: exec.ns,
        workflowId: exec.workflowId,
        workflowType: { name: exec.workflowType },
        taskQueue: { name: exec.taskQueue },
        input: started.input,
        workflowExecutionTimeout: started.workflowExecutionTimeout,
        workflowRunTimeout: started.workflowRunTimeout,
        workflowTaskTimeout: started.workflowTaskTimeout,
        retryPolicy: started.retryPolicy,
        memo: exec.memo,
        searchAttributes: { indexedFields: exec.searchAttributes },
        header: started.header,
        continuedFailure: failure,
        priority: started.priority,
      },
      {
        continuedFrom: exec,
        parent: exec.parent,
        cont: {
          newRunId,
          backoff: delay > 0 ? dur(delay) : undefined,
          initiator: 'CONTINUE_AS_NEW_INITIATOR_RETRY',
          attempt: Number(started.attempt ?? 1) + 1,
        },
      },
    );
  }

  // ---------- close, continue-as-new, children ----------

  /** `final` false: a retry follows, so a parent hears only of the last run. */
  private closeExecution(exec: Execution, status: ExecStatus, outcome: Msg, final = true): void {
    exec.status = status;
    exec.closeTime = this.clock.now();
    if (exec.wft) this.endWorkflowTask(exec);
    exec.buffered = [];
    this.clock.cancel(exec.runTimeout);
    this.clock.cancel(exec.startDelay);
    for (const t of exec.timers.values()) this.clock.cancel(t.handle);
    exec.timers.clear();
    for (const act of exec.activities.values()) {
      this.clearAttemptTimers(act);
      this.clock.cancel(act.timers.scheduleToClose);
      if (act.state !== 'backoff') this.setInFlight(-1);
    }
    exec.activities.clear();
    settleUpdatesOnClose(exec);
    // Queries still waiting are answered by a legacy query task against the closed history.
    for (const q of exec.deferredQueries.splice(0)) this.offerLegacyQuery(q);
    for (const w of [...exec.watchers]) w();
    exec.watchers.clear();
    // Parent close policy applies to children that are still open.
    for (const child of exec.children.values()) {
      const c = child.runId ? this.runs.get(child.runId) : undefined;
      const live = c ? this.current(c.ns, c.workflowId) : undefined;
      if (!live || !this.running(live)) continue;
      if (child.parentClosePolicy === 'PARENT_CLOSE_POLICY_ABANDON') continue;
      if (child.parentClosePolicy === 'PARENT_CLOSE_POLICY_REQUEST_CANCEL')
        this.cancelExecution(live, { cause: 'parent closed' });
      else this.terminate(live, 'by parent close policy', undefined, 'temporal-lite');
    }
    if (status !== 'ContinuedAsNew' && final && exec.parent) this.notifyParent(exec, status, outcome);
    this.scheduleRetention(exec);
    this.clock.requestSkipCheck();
  }

  private continueAsNew(exec: Execution, a: Msg, completedId: number): void {
    const newRunId = randomUUID();
    this.append(exec, 'WORKFLOW_EXECUTION_CONTINUED_AS_NEW', {
      newExecutionRunId: newRunId,
      workflowType: a.workflowType?.name ? a.workflowType : { name: exec.workflowType },
      taskQueue: { name: a.taskQueue?.name || exec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: a.input,
      workflowRunTimeout: a.workflowRunTimeout,
      workflowTaskTimeout: a.workflowTaskTimeout,
      workflowTaskCompletedEventId: completedId,
      backoffStartInterval: a.backoffStartInterval,
      initiator: a.initiator,
      failure: a.failure,
      lastCompletionResult: a.lastCompletionResult,
      header: a.header,
      memo: a.memo,
      searchAttributes: a.searchAttributes,
    });
    exec.successorRunId = newRunId;
    const parent = exec.parent;
    this.closeExecution(exec, 'ContinuedAsNew', {});
    const started = exec.history[0]!.workflowExecutionStartedEventAttributes as Msg;
    this.startWorkflow(
      {
        namespace: exec.ns,
        workflowId: exec.workflowId,
        workflowType: a.workflowType?.name ? a.workflowType : { name: exec.workflowType },
        taskQueue: { name: a.taskQueue?.name || exec.taskQueue },
        input: a.input,
        workflowExecutionTimeout: started.workflowExecutionTimeout,
        workflowRunTimeout: a.workflowRunTimeout ?? started.workflowRunTimeout,
        workflowTaskTimeout: a.workflowTaskTimeout ?? started.workflowTaskTimeout,
        retryPolicy: a.retryPolicy ?? started.retryPolicy,
        memo: a.memo ?? exec.memo,
        searchAttributes: a.searchAttributes ?? { indexedFields: exec.searchAttributes },
        header: a.header,
        lastCompletionResult: a.lastCompletionResult,
        continuedFailure: a.failure,
        cronSchedule: a.cronSchedule,
      },
      {
        continuedFrom: exec,
        parent,
        cont: { newRunId, backoff: a.backoffStartInterval, initiator: a.initiator },
      },
    );
  }

  private startChild(parent: Execution, a: Msg, initiatedEventId: number, userMetadata?: Msg): void {
    if (!this.running(parent)) return;
    const ns = String(a.namespace || parent.ns);
    const child: ChildState = {
      initiatedEventId,
      workflowId: String(a.workflowId),
      runId: '',
      workflowType: String(a.workflowType?.name),
      namespace: ns,
      parentClosePolicy: String(a.parentClosePolicy || 'PARENT_CLOSE_POLICY_TERMINATE'),
      startedEventId: 0,
    };
    let exec: Execution;
    try {
      ({ exec } = this.startWorkflow(
        {
          namespace: ns,
          workflowId: a.workflowId,
          workflowType: a.workflowType,
          taskQueue: { name: a.taskQueue?.name || parent.taskQueue },
          input: a.input,
          workflowExecutionTimeout: a.workflowExecutionTimeout,
          workflowRunTimeout: a.workflowRunTimeout,
          workflowTaskTimeout: a.workflowTaskTimeout,
          workflowIdReusePolicy: a.workflowIdReusePolicy,
          retryPolicy: a.retryPolicy,
          cronSchedule: a.cronSchedule,
          header: a.header,
          memo: a.memo,
          searchAttributes: a.searchAttributes,
          priority: a.priority,
          userMetadata,
          requestId: randomUUID(),
        },
        { parent: { ns: parent.ns, workflowId: parent.workflowId, runId: parent.runId, initiatedEventId } },
      ));
    } catch {
      this.whenIdle(parent, [
        {
          kind: 'START_CHILD_WORKFLOW_EXECUTION_FAILED',
          attrs: {
            namespace: ns,
            workflowId: a.workflowId,
            workflowType: a.workflowType,
            cause: 'START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS',
            control: a.control,
            initiatedEventId,
          },
        },
      ]);
      return;
    }
    child.runId = exec.runId;
    parent.children.set(initiatedEventId, child);
    this.whenIdle(parent, [
      {
        kind: 'CHILD_WORKFLOW_EXECUTION_STARTED',
        attrs: {
          namespace: ns,
          initiatedEventId,
          workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
          workflowType: a.workflowType,
          header: a.header,
        },
      },
    ]);
  }

  private notifyParent(exec: Execution, status: ExecStatus, outcome: Msg): void {
    const p = exec.parent!;
    const parent = this.runs.get(p.runId);
    if (!parent || !this.running(parent)) return;
    const child = parent.children.get(p.initiatedEventId);
    if (!child) return;
    parent.children.delete(p.initiatedEventId);
    const kinds: Partial<Record<ExecStatus, string>> = {
      Completed: 'CHILD_WORKFLOW_EXECUTION_COMPLETED',
      Failed: 'CHILD_WORKFLOW_EXECUTION_FAILED',
      Canceled: 'CHILD_WORKFLOW_EXECUTION_CANCELED',
      Terminated: 'CHILD_WORKFLOW_EXECUTION_TERMINATED',
      TimedOut: 'CHILD_WORKFLOW_EXECUTION_TIMED_OUT',
    };
    const kind = kinds[status];
    if (!kind) return;
    void child;
    this.whenIdle(parent, [
      {
        kind,
        attrs: {
          namespace: exec.ns,
          workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
          workflowType: { name: exec.workflowType },
          initiatedEventId: p.initiatedEventId,
          startedEventId: LINK_CHILD_STARTED,
          result: outcome.result,
          failure: outcome.failure,
          details: outcome.details,
          retryState:
            status === 'Failed'
              ? 'RETRY_STATE_RETRY_POLICY_NOT_SET'
              : status === 'TimedOut'
                ? 'RETRY_STATE_TIMEOUT'
                : undefined,
        },
      },
    ]);
  }

  private cancelExternal(exec: Execution, target: Msg, initiatedEventId: number): void {
    let ok = false;
    try {
      const t = this.find(exec.ns, target);
      if (this.running(t)) {
        this.cancelExecution(t, {
          externalInitiatedEventId: initiatedEventId,
          externalWorkflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
        });
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (!this.running(exec)) return;
    this.whenIdle(exec, [
      ok
        ? {
            kind: 'EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED',
            attrs: { initiatedEventId, namespace: exec.ns, workflowExecution: target },
          }
        : {
            kind: 'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
            attrs: {
              cause: 'CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
              initiatedEventId,
              namespace: exec.ns,
              workflowExecution: target,
            },
          },
    ]);
  }

  private signalExternal(exec: Execution, a: Msg, initiatedEventId: number): void {
    let ok = false;
    try {
      const t = this.find(String(a.namespace || exec.ns), a.execution);
      if (this.running(t)) {
        this.deliverSignal(t, {
          signalName: a.signalName,
          input: a.input,
          header: a.header,
          externalWorkflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
        });
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (!this.running(exec)) return;
    this.whenIdle(exec, [
      ok
        ? {
            kind: 'EXTERNAL_WORKFLOW_EXECUTION_SIGNALED',
            attrs: {
              initiatedEventId,
              namespace: exec.ns,
              workflowExecution: a.execution,
              control: a.control,
            },
          }
        : {
            kind: 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
            attrs: {
              cause: 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
              initiatedEventId,
              namespace: exec.ns,
              workflowExecution: a.execution,
              control: a.control,
            },
          },
    ]);
  }

  // ---------- queries ----------

  query(req: Msg, ctx: { onCancel(fn: () => void): void }): Promise<Msg> {
    const exec = this.find(String(req.namespace || this.namespace), req.execution);
    if (req.queryRejectCondition === 'QUERY_REJECT_CONDITION_NOT_OPEN' && !this.running(exec)) {
      return Promise.resolve({ queryRejected: { status: STATUS_OF(exec.status) } });
    }
    if (
      req.queryRejectCondition === 'QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY' &&
      !['Running', 'Completed'].includes(exec.status)
    ) {
      return Promise.resolve({ queryRejected: { status: STATUS_OF(exec.status) } });
    }
    return new Promise<Msg>((resolve, reject) => {
      const q: PendingQuery = {
        id: randomUUID(),
        exec,
        query: req.query,
        done: false,
        resolve,
        reject,
      };
      this.queries.set(q.id, q);
      ctx.onCancel(() => {
        q.done = true;
        this.queries.delete(q.id);
      });
      const wft = exec.wft;
      if (this.running(exec) && wft && !wft.startedEventId) wft.queries.set(q.id, q);
      else if (this.running(exec) && wft) exec.deferredQueries.push(q);
      else this.offerLegacyQuery(q);
    });
  }

  private answerQuery(
    q: PendingQuery,
    resultType: string,
    answer: Msg | undefined,
    errorMessage: string | undefined,
    failure: Msg | undefined,
  ): void {
    if (q.done) return;
    q.done = true;
    this.queries.delete(q.id);
    this.queryTaken.delete(q.id);
    if (resultType === 'QUERY_RESULT_TYPE_ANSWERED') q.resolve({ queryResult: answer ?? { payloads: [] } });
    else q.reject(queryFailed(errorMessage || failure?.message || 'query failed', failure));
  }

  respondQueryTaskCompleted(req: Msg): Msg {
    const tok = readToken(req.taskToken);
    if (tok.k !== 'q') throw invalidArgument('Error deserializing task token');
    const q = this.queries.get(String(tok.q));
    if (!q) throw notFound('query task not found, or already expired');
    this.answerQuery(q, String(req.completedType), req.queryResult, req.errorMessage, req.failure);
    return {};
  }

  // ---------- updates ----------

  async update(req: Msg, deadline: number, ctx: { isCancelled(): boolean }): Promise<Msg> {
    const exec = this.find(String(req.namespace || this.namespace), req.workflowExecution);
    const updateId = String(req.request?.meta?.updateId ?? '');
    if (!updateId) throw invalidArgument('Update ID is not set on request.');
    if (!req.request?.input?.name) throw invalidArgument('Update name is not set on request.');
    let u = exec.updates.get(updateId);
    if (!u) {
      u = this.admitUpdate(exec, req);
      // An update ends the start delay: a real server dispatches the first workflow task to deliver it.
      this.clock.cancel(exec.startDelay);
      this.scheduleWorkflowTask(exec);
    }
    return this.waitUpdate(exec, u, String(req.waitPolicy?.lifecycleStage ?? ''), deadline, ctx);
  }

  private admitUpdate(exec: Execution, req: Msg): UpdateState {
    if (!this.running(exec)) throw workflowCompleted();
    // The real server's history.maxInFlightUpdates (default 10): updates admitted or accepted, not yet completed.
    const inFlight = [...exec.updates.values()].filter((x) => x.stage !== 'completed').length;
    if (inFlight >= MAX_IN_FLIGHT_UPDATES)
      throw new GrpcError(
        status.RESOURCE_EXHAUSTED,
        `limit on number of concurrent in-flight updates has been reached (${MAX_IN_FLIGHT_UPDATES})`,
      );
    const id = String(req.request.meta.updateId);
    const u: UpdateState = {
      id,
      request: req.request,
      stage: 'admitted',
      acceptedEventId: 0,
      waiters: new Set(),
    };
    exec.updates.set(id, u);
    this.touch(exec);
    return u;
  }

  /**
   * Update-with-start (the only multi-operation a real server accepts): start the workflow (or use the running one,
   * by its conflict policy) and admit the update in the same step, so the update rides the first workflow task.
   * Errors carry a MultiOperationExecutionFailure with one status per operation, the other one "aborted".
   */
  async executeMultiOperation(req: Msg, deadline: number, ctx: { isCancelled(): boolean }): Promise<Msg> {
    const ops = (req.operations ?? []) as Msg[];
    const start = ops[0]?.startWorkflow as Msg | undefined;
    const upd = ops[1]?.updateWorkflow as Msg | undefined;
    if (ops.length !== 2 || !start || !upd)
      throw invalidArgument('Operations have to be exactly [Start, Update].');
    const asOp = (index: 0 | 1, err: unknown): unknown =>
      err instanceof GrpcError ? multiOperationFailure(index, err) : err;
    // The update is checked before anything starts (the real server reports these with the start "aborted").
    try {
      if (upd.workflowExecution?.workflowId !== start.workflowId)
        throw invalidArgument('WorkflowId is not consistent with previous operation(s).');
      if (upd.workflowExecution?.runId) throw invalidArgument('RunId is not allowed in Update-with-Start.');
      if (!upd.request?.meta?.updateId) throw invalidArgument('Update ID is not set on request.');
      if (!upd.request?.input?.name) throw invalidArgument('Update name is not set on request.');
    } catch (err) {
      throw asOp(1, err);
    }
    let started: { exec: Execution; started: boolean };
    try {
      // A new run gets the update admitted before its first task is offered, so that task carries it.
      started = this.startWorkflow(
        { ...start, namespace: start.namespace || req.namespace },
        { beforeFirstTask: (exec) => void this.admitUpdate(exec, upd) },
      );
    } catch (err) {
      throw asOp(0, err);
    }
    const { exec } = started;
    try {
      const updateResponse = await this.update(
        { ...upd, workflowExecution: { workflowId: exec.workflowId, runId: exec.runId } },
        deadline,
        ctx,
      );
      return {
        responses: [
          {
            startWorkflow: {
              runId: exec.runId,
              started: started.started,
              status: 'WORKFLOW_EXECUTION_STATUS_RUNNING',
            },
          },
          { updateWorkflow: updateResponse },
        ],
      };
    } catch (err) {
      throw asOp(1, err);
    }
  }

  async pollUpdate(req: Msg, deadline: number, ctx: { isCancelled(): boolean }): Promise<Msg> {
    const ref = req.updateRef ?? {};
    const exec = this.find(String(req.namespace || this.namespace), ref.workflowExecution);
    const u = exec.updates.get(String(ref.updateId ?? ''));
    if (!u) throw notFound(`update ${String(ref.updateId)} not found`);
    // Without a wait policy (or waiting for ADMITTED) a poll answers at once with the current stage, as on the dev
    // server 1.32; the SDK's tests poll so to learn whether an update was admitted.
    const stage = String(req.waitPolicy?.lifecycleStage ?? '');
    if (!/ACCEPTED|COMPLETED/.test(stage)) return this.waitUpdate(exec, u, 'now', deadline, ctx);
    return this.waitUpdate(exec, u, stage, deadline, ctx);
  }

  private async waitUpdate(
    exec: Execution,
    u: UpdateState,
    wanted: string,
    deadline: number,
    ctx: { isCancelled(): boolean },
  ): Promise<Msg> {
    const want = wanted === 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED' ? 'completed' : 'accepted';
    const reached = (): boolean =>
      wanted === 'now' || u.stage === 'completed' || (want === 'accepted' && u.stage === 'accepted');
    const limit = Math.min(Math.max(deadline - Date.now() - 1000, 100), 20_000);
    if (!reached() && this.running(exec)) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, limit);
        function done(): void {
          clearTimeout(t);
          u.waiters.delete(done);
          resolve();
        }
        u.waiters.add(done);
      });
    }
    if (ctx.isCancelled()) return {};
    if (u.stage === 'admitted' && !this.running(exec)) throw workflowCompleted();
    const stage = u.stage === 'completed' ? 'COMPLETED' : u.stage === 'accepted' ? 'ACCEPTED' : 'ADMITTED';
    return {
      updateRef: { workflowExecution: { workflowId: exec.workflowId, runId: exec.runId }, updateId: u.id },
      outcome: u.outcome,
      stage: `UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_${stage}`,
    };
  }

  private wakeUpdate(u: UpdateState): void {
    for (const w of [...u.waiters]) w();
  }

  private handleProtocolMessage(exec: Execution, m: Msg, completedId: number): void {
    void completedId;
    const body = unpackAny(m.body);
    if (!body) return;
    const u = exec.updates.get(String(m.protocolInstanceId));
    if (!u) return;
    const v = body.value;
    switch (body.typeName) {
      case 'temporal.api.update.v1.Acceptance':
        if (u.stage !== 'admitted') return;
        u.stage = 'accepted';
        u.acceptedEventId = this.append(exec, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
          protocolInstanceId: u.id,
          acceptedRequestMessageId: v.acceptedRequestMessageId,
          acceptedRequestSequencingEventId: v.acceptedRequestSequencingEventId,
          acceptedRequest: v.acceptedRequest ?? u.request,
        });
        this.wakeUpdate(u);
        return;
      case 'temporal.api.update.v1.Rejection':
        if (u.stage !== 'admitted') return;
        u.stage = 'completed';
        u.outcome = { failure: v.failure };
        exec.updates.delete(u.id); // a rejected update leaves no trace
        this.wakeUpdate(u);
        return;
      case 'temporal.api.update.v1.Response':
        if (u.stage === 'completed') return;
        if (u.stage === 'admitted') {
          u.acceptedEventId = this.append(exec, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
            protocolInstanceId: u.id,
            acceptedRequestMessageId: `${u.id}/request`,
            acceptedRequest: u.request,
          });
        }
        u.stage = 'completed';
        u.outcome = v.outcome;
        this.append(exec, 'WORKFLOW_EXECUTION_UPDATE_COMPLETED', {
          meta: v.meta ?? { updateId: u.id },
          acceptedEventId: u.acceptedEventId,
          outcome: v.outcome,
        });
        this.wakeUpdate(u);
        return;
      default:
        return;
    }
  }

  // ---------- history and inspection ----------

  async getHistory(req: Msg, ctx: { isCancelled(): boolean; waitMs: number }): Promise<Msg> {
    const exec = this.find(String(req.namespace || this.namespace), req.execution);
    const closeOnly = req.historyEventFilterType === 'HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT';
    const from = req.nextPageToken?.length
      ? Number(Buffer.from(req.nextPageToken as Uint8Array).toString())
      : 0;
    if (req.waitNewEvent) {
      const ready = (): boolean => (closeOnly ? !this.running(exec) : exec.history.length > from);
      if (!ready()) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, Math.max(ctx.waitMs, 0));
          function done(): void {
            clearTimeout(t);
            exec.watchers.delete(done);
            resolve();
          }
          const watch = (): void => {
            if (ready()) done();
            else exec.watchers.add(watch);
          };
          exec.watchers.add(watch);
          exec.watchers.add(done);
          exec.watchers.delete(done);
        });
      }
      if (!ready()) return { history: { events: [] }, nextPageToken: Buffer.from(String(from)) };
    }
    if (closeOnly) {
      if (this.running(exec))
        return { history: { events: [] }, nextPageToken: Buffer.from(String(exec.history.length)) };
      return { history: { events: [exec.history[exec.history.length - 1]] } };
    }
    const size = Number(req.maximumPageSize) > 0 ? Number(req.maximumPageSize) : HISTORY_PAGE_SIZE;
    const events = exec.history.slice(from, from + size);
    const next = from + events.length;
    const more = next < exec.history.length || (req.waitNewEvent && this.running(exec));
    return { history: { events }, nextPageToken: more ? Buffer.from(String(next)) : undefined };
  }

  describe(req: Msg): Msg {
    const exec = this.find(String(req.namespace || this.namespace), req.execution);
    const pendingActivities = [...exec.activities.values()].map((a) => ({
      activityId: a.activityId,
      activityType: a.attrs.activityType,
      state: a.cancelRequested
        ? 'PENDING_ACTIVITY_STATE_CANCEL_REQUESTED'
        : a.state === 'started'
          ? 'PENDING_ACTIVITY_STATE_STARTED'
          : 'PENDING_ACTIVITY_STATE_SCHEDULED',
      heartbeatDetails: a.heartbeatDetails,
      lastHeartbeatTime: a.lastHeartbeatTime ? ts(a.lastHeartbeatTime) : undefined,
      lastStartedTime: a.startedTime ? ts(a.startedTime) : undefined,
      attempt: a.attempt,
      maximumAttempts: a.attrs.retryPolicy.maximumAttempts,
      scheduledTime: ts(a.attemptScheduledTime),
      lastFailure: a.lastFailure,
      lastWorkerIdentity: a.startedIdentity,
    }));
    const pendingChildren = [...exec.children.values()].map((c) => ({
      workflowId: c.workflowId,
      runId: c.runId,
      workflowTypeName: c.workflowType,
      initiatedId: c.initiatedEventId,
      parentClosePolicy: c.parentClosePolicy,
    }));
    return {
      executionConfig: {
        taskQueue: { name: exec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
        // unset timeouts stay unset (null in the SDK), as on a real server
        workflowExecutionTimeout: exec.executionTimeoutMs ? dur(exec.executionTimeoutMs) : undefined,
        workflowRunTimeout: exec.runTimeoutMs ? dur(exec.runTimeoutMs) : undefined,
        defaultWorkflowTaskTimeout: dur(exec.taskTimeoutMs),
        userMetadata: exec.history[0]?.userMetadata,
      },
      workflowExecutionInfo: this.executionInfo(exec),
      pendingActivities,
      pendingChildren,
      pendingWorkflowTask: exec.wft
        ? {
            state: exec.wft.startedEventId
              ? 'PENDING_WORKFLOW_TASK_STATE_STARTED'
              : 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED',
            scheduledTime: exec.history[exec.wft.scheduledEventId - 1]?.eventTime,
            attempt: exec.wft.attempt,
          }
        : undefined,
    };
  }

  executionInfo(exec: Execution): Msg {
    return {
      execution: { workflowId: exec.workflowId, runId: exec.runId },
      type: { name: exec.workflowType },
      startTime: ts(exec.startTime),
      closeTime: exec.closeTime ? ts(exec.closeTime) : undefined,
      status: STATUS_OF(exec.status),
      historyLength: exec.history.length,
      parentExecution: exec.parent
        ? { workflowId: exec.parent.workflowId, runId: exec.parent.runId }
        : undefined,
      parentNamespaceId: exec.parent ? exec.parent.ns : undefined,
      executionTime: ts(exec.executionTime),
      memo: exec.memo,
      searchAttributes: { indexedFields: exec.searchAttributes },
      taskQueue: exec.taskQueue,
      stateTransitionCount: exec.history.length,
      historySizeBytes: exec.history.length * 200,
      firstRunId: exec.firstRunId,
      executionDuration: exec.closeTime ? dur(exec.closeTime - exec.startTime) : undefined,
    };
  }

  // ---------- workers ----------

  shutdownWorker(req: Msg): Msg {
    const sticky = String(req.stickyTaskQueue ?? '');
    if (!sticky) return {};
    for (const exec of this.runs.values()) {
      if (exec.sticky?.queue === sticky && this.running(exec)) this.moveToNormalQueue(exec);
    }
    for (const t of this.wfQueues.drain(sticky)) {
      if (t.kind === 'query') this.wfQueues.offer(t.query.exec.taskQueue, t);
    }
    return {};
  }

  resetSticky(req: Msg): Msg {
    const exec = this.find(String(req.namespace || this.namespace), req.execution);
    this.moveToNormalQueue(exec);
    exec.sticky = undefined;
    return {};
  }

  shutdown(): void {
    this.closed = true;
    for (const release of [...this.openPolls]) release();
    for (const q of this.queries.values()) q.reject(failedPrecondition('server shutting down'));
    this.queries.clear();
  }

  /** For tests and stats. */
  stats(): { executions: number; open: number; inFlight: number } {
    let open = 0;
    for (const e of this.runs.values()) if (e.status === 'Running') open++;
    return { executions: this.runs.size, open, inFlight: this.inFlightCount };
  }

  decodeSearchAttribute(p: Msg): unknown {
    try {
      const v = JSON.parse(Buffer.from((p.data as Uint8Array) ?? []).toString()) as unknown;
      const t = p.metadata?.type ? Buffer.from(p.metadata.type as Uint8Array).toString() : '';
      if (t === 'Datetime' && typeof v === 'string') return new Date(v);
      return v;
    } catch {
      return undefined;
    }
  }
}

export function STATUS_OF(s: ExecStatus): string {
  const m: Record<ExecStatus, string> = {
    Running: 'WORKFLOW_EXECUTION_STATUS_RUNNING',
    Completed: 'WORKFLOW_EXECUTION_STATUS_COMPLETED',
    Failed: 'WORKFLOW_EXECUTION_STATUS_FAILED',
    Canceled: 'WORKFLOW_EXECUTION_STATUS_CANCELED',
    Terminated: 'WORKFLOW_EXECUTION_STATUS_TERMINATED',
    ContinuedAsNew: 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW',
    TimedOut: 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT',
  };
  return m[s];
}

export { decode };
export type { TimerHandle };
