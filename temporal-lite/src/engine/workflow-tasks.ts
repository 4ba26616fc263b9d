// Workflow tasks: scheduling (normal and sticky queues), polling, completion and failure, events buffered behind
// an in-flight task, and the sticky-queue side of worker shutdown.
import { randomUUID } from 'node:crypto';
import { recordBuildId } from '../build-ids';
import { invalidArgument, notFound } from '../errors';
import { dur, durMs, packAny, ts } from '../proto';
import type { Msg } from '../proto';
import { readToken, token } from '../task-token';
import type { ActivityState, BufferedEvent, Execution, WorkflowTask } from '../types';
import { attrKey, LINK_ACTIVITY_STARTED, LINK_CHILD_STARTED, STICKY_POLLER_UNAVAILABLE_MS } from './core';
import type { EngineCore, PollContext } from './core';
import type { Activities } from './activities';
import type { Commands } from './commands';
import type { Queries } from './queries';
import type { Timers } from './timers';
import type { Updates } from './updates';

/** What WorkflowTasks needs from the other sections. */
export interface WorkflowTasksPeers {
  activities: Pick<Activities, 'scheduleActivity' | 'startActivityTask'>;
  commands: Pick<Commands, 'applyCommand'>;
  queries: Pick<Queries, 'answerQuery' | 'dispatchDeferredQueries' | 'queryTaskLive' | 'startQueryTask'>;
  timers: Pick<Timers, 'unknownCancelTimer'>;
  updates: Pick<Updates, 'handleProtocolMessage'>;
}

export class WorkflowTasks {
  constructor(
    private readonly core: EngineCore,
    private readonly peers: WorkflowTasksPeers,
  ) {}

  /** Runs fn now, or after the in-flight workflow task completes, so its events follow the task's commands. */
  whenIdle(exec: Execution, events: BufferedEvent[]): void {
    this.core.touch(exec);
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
      const id = this.core.append(exec, ev.kind, attrs);
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

  private flushBuffered(exec: Execution): boolean {
    if (!exec.buffered.length) return false;
    const entries = exec.buffered.splice(0);
    for (const events of entries) if (this.core.running(exec)) this.applyBuffered(exec, events);
    return true;
  }

  scheduleWorkflowTask(exec: Execution): void {
    if (!this.core.running(exec) || this.core.closed) return;
    if (exec.startDelay && !exec.startDelay.cancelled && exec.startDelay.at > this.core.clock.now()) {
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
    const scheduledEventId = this.core.append(exec, 'WORKFLOW_TASK_SCHEDULED', {
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
    this.core.setInFlight(1);
    if (sticky && !this.core.wfQueues.polledWithin(sticky.queue, STICKY_POLLER_UNAVAILABLE_MS)) {
      // Matching's StickyWorkerUnavailable: nobody polled the sticky queue lately, so its worker is gone.
      this.moveToNormalQueue(exec);
      return;
    }
    if (sticky) {
      const wft = exec.wft;
      wft.stickyTimeout = this.core.clock.after(sticky.timeoutMs || 5000, () => {
        if (exec.wft === wft && !wft.startedEventId) this.moveToNormalQueue(exec);
      });
    }
    this.core.wfQueues.offer(queue, { kind: 'wft', exec, scheduledEventId });
  }

  private moveToNormalQueue(exec: Execution): void {
    exec.sticky = undefined;
    const wft = exec.wft;
    if (!wft || wft.startedEventId || !wft.onSticky) return;
    wft.onSticky = false;
    wft.queue = exec.taskQueue;
    this.core.clock.cancel(wft.stickyTimeout);
    this.core.wfQueues.offer(exec.taskQueue, { kind: 'wft', exec, scheduledEventId: wft.scheduledEventId });
  }

  workflowTaskLive(t: WorkflowTask): boolean {
    if (t.kind === 'query') return this.peers.queries.queryTaskLive(t.query);
    const w = t.exec.wft;
    return this.core.running(t.exec) && !!w && w.scheduledEventId === t.scheduledEventId && !w.startedEventId;
  }

  pollWorkflowTask(req: Msg, ctx: PollContext): Promise<Msg> {
    const queue = String(req.taskQueue?.name ?? '');
    if (!queue) return Promise.reject(invalidArgument('TaskQueue is not set on request.'));
    const identity = String(req.identity ?? '');
    const sticky = req.taskQueue?.kind === 'TASK_QUEUE_KIND_STICKY';
    return this.core.longPoll(this.core.wfQueues, queue, ctx, (t) =>
      this.startWorkflowTask(t, identity, sticky),
    );
  }

  private startWorkflowTask(t: WorkflowTask, identity: string, fromSticky: boolean): Msg | undefined {
    if (t.kind === 'query') return this.peers.queries.startQueryTask(t.query, fromSticky);
    const exec = t.exec;
    if (!this.workflowTaskLive(t)) return undefined;
    const wft = exec.wft!;
    this.core.clock.cancel(wft.stickyTimeout);
    const startedEventId = this.core.append(exec, 'WORKFLOW_TASK_STARTED', {
      scheduledEventId: wft.scheduledEventId,
      identity,
      requestId: randomUUID(),
      historySizeBytes: exec.history.length * 200,
    });
    wft.startedEventId = startedEventId;
    wft.startedAt = this.core.clock.now();
    wft.timeout = this.core.clock.after(wft.timeoutMs, () =>
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

  private wftFromToken(tok: Msg): { exec: Execution } {
    if (tok.k !== 'wft') throw invalidArgument('Error deserializing task token');
    const exec = this.core.runs.get(String(tok.r));
    const wft = exec?.wft;
    if (
      !exec ||
      !wft ||
      wft.scheduledEventId !== tok.s ||
      !wft.startedEventId ||
      wft.attempt !== tok.a ||
      !this.core.running(exec)
    ) {
      throw notFound('Workflow task not found.');
    }
    return { exec };
  }

  endWorkflowTask(exec: Execution): void {
    const wft = exec.wft!;
    this.core.clock.cancel(wft.timeout);
    this.core.clock.cancel(wft.stickyTimeout);
    exec.wft = undefined;
    this.core.setInFlight(-1);
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
    this.core.append(exec, kind, {
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
    if (!wft || wft.scheduledEventId !== scheduledEventId || !wft.startedEventId || !this.core.running(exec))
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
      this.peers.queries.answerQuery(
        q,
        result.resultType,
        result.answer,
        result.errorMessage,
        result.failure,
      );
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

    const badCancel = this.peers.timers.unknownCancelTimer(exec, commands);
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

    const completedId = this.core.append(exec, 'WORKFLOW_TASK_COMPLETED', {
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
      if (!this.core.running(exec)) break;
      const type = String(cmd.commandType).replace(/^COMMAND_TYPE_/, '');
      const a: Msg = cmd[attrKey(type, 'CommandAttributes')] ?? {};
      if (type === 'PROTOCOL_MESSAGE') {
        const m = msgById.get(String(a.messageId));
        if (m) {
          handled.add(String(m.id));
          this.peers.updates.handleProtocolMessage(exec, m, completedId);
        }
        continue;
      }
      if (
        type === 'SCHEDULE_ACTIVITY_TASK' &&
        a.requestEagerExecution === true &&
        this.core.eagerActivities
      ) {
        const act = this.peers.activities.scheduleActivity(exec, a, completedId, true, cmd.userMetadata);
        if (act.taskQueue === exec.taskQueue) eager.push(act);
        else this.core.actQueues.offer(act.taskQueue, { act, attempt: act.attempt });
        continue;
      }
      const r = this.peers.commands.applyCommand(exec, type, a, completedId, cmd, post);
      if (r) needTask = true;
    }
    for (const m of messages) {
      if (!handled.has(String(m.id)) && this.core.running(exec))
        this.peers.updates.handleProtocolMessage(exec, m, completedId);
    }
    // Updates sent with this task but neither accepted nor rejected go out again with the next task.
    if (this.core.running(exec) && wft.sentUpdates.some((id) => exec.updates.get(id)?.stage === 'admitted'))
      needTask = true;
    if (this.core.running(exec)) {
      if (this.flushBuffered(exec)) needTask = true;
      if ([...exec.updates.values()].some((u) => u.stage === 'admitted')) needTask = true;
      if (needTask || exec.needsWft) this.scheduleWorkflowTask(exec);
      else this.peers.queries.dispatchDeferredQueries(exec);
    }
    for (const fn of post) fn();
    // Eager activities start now for the completing worker, unless cancelled or closed with the same task.
    const activityTasks: Msg[] = [];
    for (const act of eager) {
      const task = this.peers.activities.startActivityTask(
        { act, attempt: act.attempt },
        String(req.identity ?? ''),
      );
      if (task) activityTasks.push(task);
    }
    return activityTasks.length ? { activityTasks } : {};
  }

  /** A restored run's workflow task: started (its timeout re-armed), scheduled (queued again) or still due. */
  rearmWorkflowTask(exec: Execution): void {
    const wft = exec.wft;
    if (wft) {
      this.core.setInFlight(1);
      if (wft.startedEventId)
        wft.timeout = this.core.clock.schedule(wft.startedAt + wft.timeoutMs, () =>
          this.workflowTaskTimedOut(exec, wft.scheduledEventId),
        );
      else
        this.core.wfQueues.offer(exec.taskQueue, {
          kind: 'wft',
          exec,
          scheduledEventId: wft.scheduledEventId,
        });
    } else if (exec.needsWft || exec.buffered.length) {
      this.flushBuffered(exec);
      this.scheduleWorkflowTask(exec);
    }
  }

  shutdownWorker(req: Msg): Msg {
    const sticky = String(req.stickyTaskQueue ?? '');
    if (!sticky) return {};
    for (const exec of this.core.runs.values()) {
      if (exec.sticky?.queue === sticky && this.core.running(exec)) this.moveToNormalQueue(exec);
    }
    for (const t of this.core.wfQueues.drain(sticky)) {
      if (t.kind === 'query') this.core.wfQueues.offer(t.query.exec.taskQueue, t);
    }
    return {};
  }

  resetSticky(req: Msg): Msg {
    const exec = this.core.find(String(req.namespace || this.core.namespace), req.execution);
    this.moveToNormalQueue(exec);
    exec.sticky = undefined;
    return {};
  }
}
