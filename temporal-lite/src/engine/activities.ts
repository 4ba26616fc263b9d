// Activities: Temporal's timeout defaulting, dispatch, heartbeats, retries, completion, pause/unpause/reset.
import { randomUUID } from 'node:crypto';
import { invalidArgument, notFound, workflowCompleted } from '../errors';
import { dur, durMs, ts } from '../proto';
import type { Msg } from '../proto';
import { readToken, token } from '../task-token';
import type { ActivityState, ActivityTask, BufferedEvent, Execution } from '../types';
import { LINK_ACTIVITY_STARTED } from './core';
import type { EngineCore, PollContext } from './core';
import type { WorkflowTasks } from './workflow-tasks';

/** What Activities needs from the other sections. */
export interface ActivitiesPeers {
  workflowTasks: Pick<WorkflowTasks, 'whenIdle'>;
}

export class Activities {
  constructor(
    private readonly core: EngineCore,
    private readonly peers: ActivitiesPeers,
  ) {}

  /** With holdForEager the first attempt is not queued: the caller starts it or queues it. */
  scheduleActivity(
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
    const scheduledEventId = this.core.append(exec, 'ACTIVITY_TASK_SCHEDULED', attrs, userMetadata);
    const now = this.core.clock.now();
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
      act.timers.scheduleToClose = this.core.clock.after(s2c, () =>
        this.activityTimedOut(act, 'SCHEDULE_TO_CLOSE', act.attempt),
      );
    this.queueActivityAttempt(act, !holdForEager);
    return act;
  }

  private queueActivityAttempt(act: ActivityState, offer = true): void {
    act.state = 'scheduled';
    act.attemptScheduledTime = this.core.clock.now();
    this.core.setInFlight(1);
    const s2s = durMs(act.attrs.scheduleToStartTimeout);
    const s2c = durMs(act.attrs.scheduleToCloseTimeout);
    if (s2s > 0 && s2s !== s2c) {
      const attempt = act.attempt;
      act.timers.scheduleToStart = this.core.clock.after(s2s, () =>
        this.activityTimedOut(act, 'SCHEDULE_TO_START', attempt),
      );
    }
    if (offer) this.core.actQueues.offer(act.taskQueue, { act, attempt: act.attempt });
  }

  private activityLive(act: ActivityState): boolean {
    return this.core.running(act.exec) && act.exec.activities.get(act.scheduledEventId) === act;
  }

  activityTaskLive(t: ActivityTask): boolean {
    return (
      this.activityLive(t.act) && t.act.state === 'scheduled' && t.act.attempt === t.attempt && !t.act.paused
    );
  }

  pollActivityTask(req: Msg, ctx: PollContext): Promise<Msg> {
    const queue = String(req.taskQueue?.name ?? '');
    if (!queue) return Promise.reject(invalidArgument('TaskQueue is not set on request.'));
    const identity = String(req.identity ?? '');
    return this.core.longPoll(this.core.actQueues, queue, ctx, (t) => this.startActivityTask(t, identity));
  }

  startActivityTask(t: ActivityTask, identity: string): Msg | undefined {
    if (!this.activityTaskLive(t)) return undefined;
    const act = t.act;
    const exec = act.exec;
    this.core.touch(exec);
    act.state = 'started';
    act.resetRequested = false;
    act.startedTime = this.core.clock.now();
    act.startedIdentity = identity;
    act.lastHeartbeatTime = act.startedTime;
    this.core.clock.cancel(act.timers.scheduleToStart);
    const st2c = durMs(act.attrs.startToCloseTimeout);
    const attempt = act.attempt;
    if (st2c > 0)
      act.timers.startToClose = this.core.clock.after(st2c, () =>
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
    this.core.clock.cancel(act.timers.heartbeat);
    const hb = durMs(act.attrs.heartbeatTimeout);
    if (hb > 0) {
      const attempt = act.attempt;
      act.timers.heartbeat = this.core.clock.after(hb, () =>
        this.activityTimedOut(act, 'HEARTBEAT', attempt),
      );
    }
  }

  private clearAttemptTimers(act: ActivityState): void {
    this.core.clock.cancel(act.timers.scheduleToStart);
    this.core.clock.cancel(act.timers.startToClose);
    this.core.clock.cancel(act.timers.heartbeat);
    this.core.clock.cancel(act.timers.retry);
  }

  private actFromToken(req: Msg): ActivityState {
    const tok = readToken(req.taskToken);
    if (tok.k !== 'act') throw invalidArgument('Error deserializing task token');
    const exec = this.core.runs.get(String(tok.r));
    const act = exec?.activities.get(Number(tok.s));
    if (!exec || !act || !this.core.running(exec) || act.attempt !== tok.a || act.state !== 'started') {
      throw notFound('activity task not found');
    }
    return act;
  }

  private actById(req: Msg): ActivityState {
    const exec = this.core.find(String(req.namespace || this.core.namespace), {
      workflowId: req.workflowId,
      runId: req.runId,
    });
    for (const act of exec.activities.values()) {
      if (act.activityId === req.activityId && this.core.running(exec)) return act;
    }
    throw notFound('activity task not found');
  }

  /** Removes the activity from the execution and writes its Started event (if it started) plus the close event. */
  private closeActivity(act: ActivityState, kind: string, attrs: (startedEventId: number) => Msg): void {
    const exec = act.exec;
    this.clearAttemptTimers(act);
    this.core.clock.cancel(act.timers.scheduleToClose);
    if (act.state !== 'backoff') this.core.setInFlight(-1);
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
    this.peers.workflowTasks.whenIdle(exec, events);
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
    act.lastHeartbeatTime = this.core.clock.now();
    this.core.touch(act.exec);
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
    if (s2c > 0 && this.core.clock.now() + delay >= act.firstScheduledTime + s2c)
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
    this.core.touch(act.exec);
    if (delay >= 0) {
      this.clearAttemptTimers(act);
      this.core.setInFlight(-1);
      act.state = 'backoff';
      act.resetRequested = false;
      act.lastFailure = failure;
      act.attempt++;
      act.retryAt = this.core.clock.now() + delay;
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
    this.core.clock.cancel(act.timers.retry);
    act.timers.retry = this.core.clock.after(delay, () => {
      if (this.activityLive(act) && act.state === 'backoff' && !act.paused) this.queueActivityAttempt(act);
    });
  }

  /** The pending activities a Pause/Unpause/ResetActivity request names (by id, by type, or all). */
  private activitiesNamed(req: Msg, all: boolean): ActivityState[] {
    const exec = this.core.find(String(req.namespace || this.core.namespace), req.execution);
    if (!this.core.running(exec)) throw workflowCompleted();
    const acts = [...exec.activities.values()].filter((a) =>
      all ? true : req.id ? a.activityId === req.id : req.type ? a.activityType === req.type : false,
    );
    if (!all && !req.id && !req.type)
      throw invalidArgument('Either activity id or activity type must be provided.');
    if (!acts.length) throw notFound(`Activity not found: ${String(req.id || req.type)}`);
    for (const a of acts) this.core.touch(a.exec);
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
      if (act.state === 'scheduled') this.core.actQueues.offer(act.taskQueue, { act, attempt: act.attempt });
      if (act.state === 'backoff')
        this.armRetry(act, Math.max(0, (act.retryAt ?? 0) - this.core.clock.now()));
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
        this.core.clock.cancel(act.timers.retry);
        if (!act.paused) this.queueActivityAttempt(act);
      } else if (!act.paused) this.core.actQueues.offer(act.taskQueue, { act, attempt: act.attempt });
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

  requestCancelActivity(exec: Execution, scheduledEventId: number, completedId: number): boolean {
    const act = exec.activities.get(scheduledEventId);
    const cancelRequestedId = this.core.append(exec, 'ACTIVITY_TASK_CANCEL_REQUESTED', {
      scheduledEventId,
      workflowTaskCompletedEventId: completedId,
    });
    if (!act) return false;
    act.cancelRequested = true;
    act.cancelRequestedEventId = cancelRequestedId;
    if (act.state !== 'started') {
      this.clearAttemptTimers(act);
      this.core.clock.cancel(act.timers.scheduleToClose);
      if (act.state === 'scheduled') this.core.setInFlight(-1);
      exec.activities.delete(scheduledEventId);
      this.core.append(exec, 'ACTIVITY_TASK_CANCELED', {
        latestCancelRequestedEventId: cancelRequestedId,
        scheduledEventId,
        startedEventId: 0,
      });
      return true;
    }
    return false;
  }

  /** A closing run's activities: their timers stop and they leave the in-flight count. */
  abandonActivities(exec: Execution): void {
    for (const act of exec.activities.values()) {
      this.clearAttemptTimers(act);
      this.core.clock.cancel(act.timers.scheduleToClose);
      if (act.state !== 'backoff') this.core.setInFlight(-1);
    }
    exec.activities.clear();
  }

  /** A restored run's activities: queued, backing off or running (with their timeouts) as they were. */
  rearmActivities(exec: Execution): void {
    for (const act of exec.activities.values()) {
      const s2c = durMs(act.attrs.scheduleToCloseTimeout);
      if (s2c > 0)
        act.timers.scheduleToClose = this.core.clock.schedule(act.firstScheduledTime + s2c, () =>
          this.activityTimedOut(act, 'SCHEDULE_TO_CLOSE', act.attempt),
        );
      const attempt = act.attempt;
      if (act.state === 'scheduled') this.queueActivityAttempt(act);
      else if (act.state === 'backoff') {
        act.timers.retry = this.core.clock.schedule(act.retryAt ?? this.core.clock.now(), () => {
          if (this.activityLive(act) && act.state === 'backoff') this.queueActivityAttempt(act);
        });
      } else {
        this.core.setInFlight(1);
        const st2c = durMs(act.attrs.startToCloseTimeout);
        if (st2c > 0)
          act.timers.startToClose = this.core.clock.schedule(act.startedTime + st2c, () =>
            this.activityTimedOut(act, 'START_TO_CLOSE', attempt),
          );
        const hb = durMs(act.attrs.heartbeatTimeout);
        if (hb > 0)
          act.timers.heartbeat = this.core.clock.schedule(act.lastHeartbeatTime + hb, () =>
            this.activityTimedOut(act, 'HEARTBEAT', attempt),
          );
      }
    }
  }
}
