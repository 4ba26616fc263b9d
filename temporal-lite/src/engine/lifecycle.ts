// A run's lifecycle from outside and at its end: signals, cancel, terminate, timeouts, workflow retry, close,
// continue-as-new.
import { randomUUID } from 'node:crypto';
import { workflowCompleted } from '../errors';
import { dur, durMs } from '../proto';
import type { Msg } from '../proto';
import type { RunSnapshot } from '../snapshot';
import type { ExecStatus, Execution } from '../types';
import { settleUpdatesOnClose } from '../updates';
import type { EngineCore } from './core';
import type { Activities } from './activities';
import type { Children } from './children';
import type { Queries } from './queries';
import type { Starter } from './start';
import type { WorkflowTasks } from './workflow-tasks';

/** What Lifecycle needs from the other sections. */
export interface LifecyclePeers {
  activities: Pick<Activities, 'abandonActivities'>;
  children: Pick<Children, 'notifyParent'>;
  queries: Pick<Queries, 'offerLegacyQuery'>;
  starter: Pick<Starter, 'startWorkflow'>;
  workflowTasks: Pick<WorkflowTasks, 'endWorkflowTask' | 'scheduleWorkflowTask' | 'whenIdle'>;
}

export class Lifecycle {
  constructor(
    private readonly core: EngineCore,
    private readonly peers: LifecyclePeers,
  ) {}

  signal(req: Msg): Msg {
    const exec = this.core.find(String(req.namespace || this.core.namespace), req.workflowExecution);
    if (!this.core.running(exec)) throw workflowCompleted();
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

  deliverSignal(exec: Execution, attrs: Msg): void {
    this.peers.workflowTasks.whenIdle(exec, [{ kind: 'WORKFLOW_EXECUTION_SIGNALED', attrs }]);
  }

  signalWithStart(req: Msg): Msg {
    const ns = String(req.namespace || this.core.namespace);
    const cur = this.core.current(ns, String(req.workflowId ?? ''));
    const signalAttrs = {
      signalName: req.signalName,
      input: req.signalInput,
      identity: req.identity,
      header: req.header,
    };
    if (cur && this.core.running(cur)) {
      const conflict = String(req.workflowIdConflictPolicy ?? '');
      if (conflict !== 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING') {
        this.deliverSignal(cur, signalAttrs);
        return { runId: cur.runId, started: false };
      }
    }
    const { exec } = this.peers.starter.startWorkflow({ ...req, input: req.input }, { signal: signalAttrs });
    return { runId: exec.runId, started: true };
  }

  requestCancel(req: Msg): Msg {
    const exec = this.core.find(String(req.namespace || this.core.namespace), req.workflowExecution);
    if (!this.core.running(exec)) throw workflowCompleted();
    if (req.requestId && exec.requestIds.has(`cancel:${req.requestId}`)) return {};
    if (req.requestId) exec.requestIds.add(`cancel:${req.requestId}`);
    this.cancelExecution(exec, { cause: req.reason, identity: req.identity });
    return {};
  }

  cancelExecution(exec: Execution, attrs: Msg): void {
    if (exec.cancelRequested) return;
    exec.cancelRequested = true;
    this.peers.workflowTasks.whenIdle(exec, [{ kind: 'WORKFLOW_EXECUTION_CANCEL_REQUESTED', attrs }]);
  }

  terminateRequest(req: Msg): Msg {
    const exec = this.core.find(String(req.namespace || this.core.namespace), req.workflowExecution);
    if (!this.core.running(exec)) throw workflowCompleted();
    this.terminate(exec, req.reason, req.details, req.identity);
    return {};
  }

  terminate(
    exec: Execution,
    reason: string | undefined,
    details: Msg | undefined,
    identity: string | undefined,
  ): void {
    if (!this.core.running(exec)) return;
    if (exec.wft) {
      if (exec.wft.startedEventId) {
        this.core.append(exec, 'WORKFLOW_TASK_FAILED', {
          scheduledEventId: exec.wft.scheduledEventId,
          startedEventId: exec.wft.startedEventId,
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND',
          identity,
        });
      }
    }
    exec.buffered = [];
    this.core.append(exec, 'WORKFLOW_EXECUTION_TERMINATED', { reason, details, identity });
    this.closeExecution(exec, 'Terminated', { reason, details });
  }

  timeoutWorkflow(exec: Execution): void {
    if (!this.core.running(exec)) return;
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
    this.core.append(exec, 'WORKFLOW_EXECUTION_TIMED_OUT', {
      retryState: retry?.newRunId ? retry.state : 'RETRY_STATE_TIMEOUT',
      newExecutionRunId: retry?.newRunId,
    });
    this.closeExecution(exec, 'TimedOut', {}, !retry?.newRunId);
    if (retry?.newRunId) this.startRetry(exec, retry.newRunId, retry.delay, failure);
  }

  /** The workflow-level retry policy (from the start) applied to a failed run: Temporal's defaults and limits. */
  workflowRetry(
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
    const firstStart = this.core.runs.get(exec.firstRunId)?.startTime ?? exec.startTime;
    if (exec.executionTimeoutMs && this.core.clock.now() + delay >= firstStart + exec.executionTimeoutMs)
      return { state: 'RETRY_STATE_TIMEOUT', delay: -1 };
    return { state: 'RETRY_STATE_IN_PROGRESS', delay, newRunId: randomUUID() };
  }

  /** The next attempt of a failed run: a new run of the same chain, its first task after the backoff. */
  startRetry(exec: Execution, newRunId: string, delay: number, failure: Msg | undefined): void {
    exec.successorRunId = newRunId;
    const started = exec.history[0]!.workflowExecutionStartedEventAttributes as Msg;
    this.peers.starter.startWorkflow(
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

  /** `final` false: a retry follows, so a parent hears only of the last run. */
  closeExecution(exec: Execution, status: ExecStatus, outcome: Msg, final = true): void {
    exec.status = status;
    exec.closeTime = this.core.clock.now();
    if (exec.wft) this.peers.workflowTasks.endWorkflowTask(exec);
    exec.buffered = [];
    this.core.clock.cancel(exec.runTimeout);
    this.core.clock.cancel(exec.startDelay);
    for (const t of exec.timers.values()) this.core.clock.cancel(t.handle);
    exec.timers.clear();
    this.peers.activities.abandonActivities(exec);
    settleUpdatesOnClose(exec);
    // Queries still waiting are answered by a legacy query task against the closed history.
    for (const q of exec.deferredQueries.splice(0)) this.peers.queries.offerLegacyQuery(q);
    for (const w of [...exec.watchers]) w();
    exec.watchers.clear();
    // Parent close policy applies to children that are still open.
    for (const child of exec.children.values()) {
      const c = child.runId ? this.core.runs.get(child.runId) : undefined;
      const live = c ? this.core.current(c.ns, c.workflowId) : undefined;
      if (!live || !this.core.running(live)) continue;
      if (child.parentClosePolicy === 'PARENT_CLOSE_POLICY_ABANDON') continue;
      if (child.parentClosePolicy === 'PARENT_CLOSE_POLICY_REQUEST_CANCEL')
        this.cancelExecution(live, { cause: 'parent closed' });
      else this.terminate(live, 'by parent close policy', undefined, 'temporal-lite');
    }
    if (status !== 'ContinuedAsNew' && final && exec.parent)
      this.peers.children.notifyParent(exec, status, outcome);
    this.core.clock.requestSkipCheck();
  }

  continueAsNew(exec: Execution, a: Msg, completedId: number): void {
    const newRunId = randomUUID();
    this.core.append(exec, 'WORKFLOW_EXECUTION_CONTINUED_AS_NEW', {
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
    this.peers.starter.startWorkflow(
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

  /** A restored run's run timeout and start delay. */
  rearmRun(exec: Execution): void {
    const at = (exec as Execution & { restoredAt?: RunSnapshot['at'] }).restoredAt;
    if (at?.runTimeout)
      exec.runTimeout = this.core.clock.schedule(at.runTimeout, () => this.timeoutWorkflow(exec));
    if (at?.startDelay && at.startDelay > this.core.clock.now())
      exec.startDelay = this.core.clock.schedule(at.startDelay, () =>
        this.peers.workflowTasks.scheduleWorkflowTask(exec),
      );
  }
}
