// The effect executor: drives the pure engine one event at a time and turns each effect into a read-model op, a
// durable timer, a service-task activity or a called case. What fails beside the engine goes through one policy.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ReadModelOp } from '../../activities/case/case-activity.types';
import { type Effect, type EngineEvent, type StepResult, step } from '../../bpmn';
import { INTERNAL_FAILURE_TYPES } from '../../bpmn/engine/internal-failures';
import { db, jobActivities, serviceTaskActivities, signalActivities } from './case-activities';
import { childEscalatedSignal } from './case-messages';
import {
  type CaseContext,
  type CaseTask,
  type CaseWorkflow,
  type DueTracked,
  now,
  syncOp,
} from './case-context';
import type { ReadModelWriter } from './read-model-writer';

export interface ApplyOptions {
  /** who caused the step: a task's completer, who cancelled the case */
  actor?: string;
  /** the reviewer's comment, for the task-completed history row */
  comment?: string | null;
  /** ops written in the step's batch before its effects */
  before?: ReadModelOp[];
  /** extra data for the step's history rows of an event type (the variables an administrator changed) */
  historyData?: Partial<Record<string, Record<string, unknown>>>;
}

export interface EffectExecutor {
  /** one engine step: its effects performed, its batch queued; `seq` is the batch's (for flushedTo) */
  apply(event: EngineEvent, opts?: ApplyOptions): StepResult & { seq: number };
  /** (re-)arms the durable timer `key` of ctx.timers, computing its deadline first when it has none */
  launchTimer(key: string): void;
  /** cancels the scope of every timer, service task and called case */
  cancelAll(): void;
}

/** What the shell runs beside the engine, as far as the failure policy is concerned. */
type ShellWork = 'timer' | 'task-due' | 'element';

export function createEffectExecutor(
  ctx: CaseContext,
  writer: ReadModelWriter,
  caseWorkflow: CaseWorkflow,
): EffectExecutor {
  const { input, wid, root, tasks, timers, subscriptions, scopes } = ctx;

  function apply(event: EngineEvent, opts: ApplyOptions = {}): StepResult & { seq: number } {
    const result = step(ctx.graph, ctx.engine, event);
    if (result.rejected) return { ...result, seq: writer.enqueued };
    ctx.engine = result.state;
    ctx.stepsThisRun += 1;
    const ops: ReadModelOp[] = [...(opts.before ?? [])];
    for (const effect of result.effects)
      perform(effect, ops, opts.actor ?? null, opts.comment ?? null, opts.historyData);
    ops.push(syncOp(ctx));
    return { ...result, seq: writer.enqueue(ops) };
  }

  /**
   * The one failure policy for work the shell runs beside the engine. Failures the engine models arrive as events
   * (serviceTaskFailed, childFailed); what reaches this point is the shell's own:
   * - a timer whose deadline cannot be computed: a shell incident (case `failed`; retryIncident re-arms the timer);
   * - a task due date that cannot be computed: the task keeps no due date (a warning);
   * - anything else escaping a service task or called case: logged.
   * Cancellation is not a failure (a due-date computation has no scope of its own and logs it too).
   */
  function shellFailed(work: ShellWork, key: string, err: unknown): void {
    switch (work) {
      case 'timer':
        if (isCancellation(err)) return;
        ctx.shellIncident = `${timers[key]?.elementId ?? key}: ${failureMessage(err)}`;
        writer.enqueue([syncOp(ctx)]);
        return;
      case 'task-due':
        log.warn('due date not computed', { key, error: String(err) });
        return;
      case 'element':
        if (!isCancellation(err)) log.error('case element failed in the shell', { key, error: String(err) });
        return;
    }
  }

  /** Subscriptions go to the read model (so POST /messages finds them); histories before this patch did not. */
  let subscriptionsInReadModel: boolean | undefined;
  const writeSubscriptions = () => (subscriptionsInReadModel ??= patched('subscriptions-read-model'));

  /** The multi-instance body holding instance `key` (its siblings share it), or null. */
  function multiInstanceBodyOf(key: string): string | null {
    const parent = ctx.engine.instances[ctx.engine.instances[key]?.parent ?? ''];
    return parent?.mi ? parent.key : null;
  }

  function perform(
    e: Effect,
    ops: ReadModelOp[],
    actor: string | null,
    comment: string | null,
    historyData?: ApplyOptions['historyData'],
  ): void {
    switch (e.type) {
      case 'createUserTask': {
        const task: CaseTask = {
          id: uuid4(),
          key: e.key,
          elementId: e.elementId,
          name: e.name ?? e.elementId,
          candidateGroups: e.candidateGroups,
          assignee: e.assignee ?? null,
          dueAt: e.dueDate ?? null,
          state: 'open',
          ...(e.decisions ? { decisions: e.decisions } : {}),
        };
        tasks[e.key] = task;
        ops.push({
          kind: 'createTask',
          taskId: task.id,
          key: e.key,
          elementId: e.elementId,
          name: task.name,
          candidateGroups: task.candidateGroups,
          assignee: task.assignee,
          dueAt: task.dueAt,
          processKey: input.processKey,
          // who may act, for the inbox filter (the update validators decide)
          excludeAffiliation: e.excludeAffiliation ?? null,
          distinctFrom: e.distinctFrom,
          miKey: multiInstanceBodyOf(e.key),
          at: now(ctx),
        });
        if (e.dueIn) launchTaskDue(e.key, e.dueIn, e.calendar);
        return;
      }
      case 'withdrawUserTask':
        delete tasks[e.key];
        ops.push({ kind: 'withdrawTask', key: e.key });
        return;
      case 'runServiceTask':
        launchServiceTask(e);
        return;
      case 'runListenerJob':
        // marks histories with listener jobs (graphs before them never emit this effect)
        patched('execution-listeners');
        launchListenerJob(e);
        return;
      case 'cancelListenerJob':
        ops.push({ kind: 'cancelJob', key: e.key });
        scopes.get(e.key)?.cancel();
        scopes.delete(e.key);
        return;
      case 'startTimer':
        timers[e.key] = { key: e.key, elementId: e.elementId, spec: e.spec, from: now(ctx) };
        launchTimer(e.key);
        return;
      case 'cancelTimer':
      case 'cancelServiceTask':
      case 'cancelChild':
        // a job nobody may answer any more (its activity is cancelled below)
        if (e.type === 'cancelServiceTask' && isJobNode(e.elementId))
          ops.push({ kind: 'cancelJob', key: e.key });
        delete timers[e.key];
        scopes.get(e.key)?.cancel();
        scopes.delete(e.key);
        return;
      case 'openSubscription':
        subscriptions[e.key] = {
          key: e.key,
          elementId: e.elementId,
          messageName: e.messageName,
          correlationKey: e.correlationKey,
        };
        if (writeSubscriptions())
          ops.push({
            kind: 'openSubscription',
            key: e.key,
            elementId: e.elementId,
            messageName: e.messageName,
            correlationKey: e.correlationKey,
          });
        return;
      case 'closeSubscription':
        delete subscriptions[e.key];
        if (writeSubscriptions()) ops.push({ kind: 'closeSubscription', key: e.key });
        return;
      case 'startChild':
        launchChild(e);
        return;
      case 'escalateToParent': {
        // a called case (workflow id <parent>/<call activity key>) hands its uncaught escalation to the parent
        const parent = workflowInfo().parent;
        if (!parent) return;
        const key = wid.slice(wid.lastIndexOf('/') + 1);
        ctx.signalBroadcasts = (ctx.signalBroadcasts ?? 0) + 1;
        void getExternalWorkflowHandle(parent.workflowId)
          .signal(childEscalatedSignal, { key, escalationCode: e.escalationCode })
          .catch((err: unknown) =>
            log.warn('escalation not delivered to the parent case', { error: String(err) }),
          )
          .finally(() => {
            ctx.signalBroadcasts = (ctx.signalBroadcasts ?? 1) - 1;
          });
        return;
      }
      case 'broadcastSignal':
        // signal throw and end events (new elements: no older history has this effect)
        ctx.signalBroadcasts = (ctx.signalBroadcasts ?? 0) + 1;
        launch(e.key, async () => {
          try {
            await signalActivities.broadcastSignal({
              workflowId: wid,
              key: e.key,
              signalName: e.signalName,
              variables: e.variables,
            });
          } finally {
            ctx.signalBroadcasts = (ctx.signalBroadcasts ?? 1) - 1;
          }
        });
        return;
      case 'incident':
      case 'incidentResolved':
      case 'caseCompleted':
      case 'caseTerminated':
        return; // the case snapshot written after every step carries status and reason
      case 'history': {
        ctx.historySeq += 1;
        const message = ctx.messageInHistory;
        ops.push({
          kind: 'history',
          idempotencyKey: `${e.key ?? 'case'}:${e.event}:${ctx.historySeq}`,
          type: e.event,
          elementId: e.elementId ?? null,
          // a task's completer, who cancelled the case, or who sent a correlated message
          // (retries and modifications pass an actor only since they record one: older histories are unchanged)
          actor:
            e.event === 'task-completed' ||
            e.event === 'case-started' ||
            e.event === 'case-terminated' ||
            e.event === 'incident-resolved' ||
            e.event === 'case-modified'
              ? actor
              : e.event === 'message-correlated' && message
                ? message.sender
                : null,
          // the reviewer's comment belongs to the audit trail, beside the decision
          data:
            e.event === 'task-completed' && comment
              ? { ...e.data, comment }
              : e.event === 'message-correlated' && message
                ? { ...e.data, variables: message.variables }
                : historyData?.[e.event]
                  ? { ...e.data, ...historyData[e.event] }
                  : (e.data ?? {}),
          at: now(ctx),
        });
        return;
      }
    }
  }

  /** Runs `fn` in its own cancellable scope under the workflow root, so cancelling one element touches nothing else. */
  function launch(key: string, fn: () => Promise<void>): void {
    const scope = new CancellationScope({ cancellable: true, parent: root });
    scopes.set(key, scope);
    ctx.inFlight += 1;
    void scope
      .run(fn)
      .catch((err: unknown) => shellFailed('element', key, err))
      .finally(() => {
        ctx.inFlight -= 1;
        if (scopes.get(key) === scope) scopes.delete(key);
      });
  }

  function launchTimer(key: string): void {
    const scope = new CancellationScope({ cancellable: true, parent: root });
    scopes.set(key, scope);
    void scope
      .run(async () => {
        const timer = timers[key];
        if (!timer) return;
        if (!timer.at) {
          const deadline = await db.computeDeadline({ spec: timer.spec, from: timer.from ?? now(ctx) });
          timer.at = deadline.at;
          timer.provisional = deadline.provisional;
          if (deadline.provisional) ctx.calendarProvisional = true;
          apply({ type: 'deadlineComputed', key, at: deadline.at });
        }
        const wait = Date.parse(timer.at) - Date.now();
        if (wait > 0) await sleep(wait);
        if (scopes.get(key) !== scope) return;
        scopes.delete(key);
        delete timers[key];
        apply({ type: 'timerFired', key });
      })
      .catch((err: unknown) => shellFailed('timer', key, err));
  }

  function launchTaskDue(
    key: string,
    dueIn: string,
    calendar: 'cn-workday' | 'calendar-day' | undefined,
  ): void {
    const from = now(ctx);
    void db
      .computeDeadline({
        spec: { kind: 'duration', value: dueIn, ...(calendar ? { calendar } : {}) },
        from,
      })
      .then((deadline) => {
        const task = tasks[key];
        if (deadline.provisional) ctx.calendarProvisional = true;
        if (!task) return;
        task.dueAt = deadline.at;
        // kept for recomputeDeadlines (plain data, no command: replays are unaffected)
        if (deadline.provisional) (task as DueTracked).provisionalDue = { value: dueIn, calendar, from };
        writer.enqueue([{ kind: 'taskDue', key, dueAt: deadline.at }, syncOp(ctx)]);
      })
      .catch((err: unknown) => shellFailed('task-due', key, err));
  }

  function isJobNode(elementId: string): boolean {
    const node = ctx.graph.nodes[elementId];
    return node?.kind === 'serviceTask' && node.job === true;
  }

  /**
   * Runs an element's work (an activity or a child case) in its own scope: its result or its failure becomes the
   * element's event, applied unless the element was cancelled meanwhile (its answer no longer counts). `call` must
   * return the SDK's promise itself, so the awaits (and so the commands' order) are those of the code inlined.
   */
  function launchAnswered<R>(
    key: string,
    call: () => Promise<R>,
    answered: (result: R) => EngineEvent,
    failed: (err: unknown) => EngineEvent,
  ): void {
    launch(key, async () => {
      let event: EngineEvent;
      try {
        event = answered(await call());
      } catch (err) {
        if (isCancellation(err)) throw err;
        event = failed(err);
      }
      if (!scopes.has(key)) return;
      scopes.delete(key);
      apply(event);
    });
  }

  /** An external job: one activity completed asynchronously by a worker's answer (api/jobs). */
  function launchJob(e: Extract<Effect, { type: 'runServiceTask' }>): void {
    launchAnswered(
      e.key,
      () =>
        jobActivities.awaitJob({
          ...jobOf(e),
          jobType: e.taskType,
          headers: e.headers,
          variables: e.inputs,
          retries: Math.max(1, e.retries),
        }),
      (result) => ({ type: 'serviceTaskCompleted', key: e.key, result }),
      (err) => ({
        type: 'serviceTaskFailed',
        key: e.key,
        message: failureMessage(err),
        ...bpmnErrorCode(err),
      }),
    );
  }

  /** What every job of this case says of where it stands. */
  const jobOf = (e: { key: string; elementId: string }) => ({
    caseId: input.caseId,
    workflowId: wid,
    key: e.key,
    elementId: e.elementId,
    processKey: ctx.graph.processId,
    processVersion: ctx.version,
  });

  /** An execution listener: an external job like launchJob's, answered by listenerCompleted / listenerFailed. */
  function launchListenerJob(e: Extract<Effect, { type: 'runListenerJob' }>): void {
    launchAnswered(
      e.key,
      () =>
        jobActivities.awaitJob({
          ...jobOf(e),
          elementInstanceKey: e.elementKey,
          kind: 'EXECUTION_LISTENER',
          listenerEventType: e.eventType === 'start' ? 'START' : 'END',
          jobType: e.jobType,
          headers: e.headers,
          variables: e.variables,
          retries: Math.max(1, e.retries),
        }),
      (variables) => ({ type: 'listenerCompleted', key: e.key, variables }),
      (err) => ({ type: 'listenerFailed', key: e.key, message: failureMessage(err), ...bpmnErrorCode(err) }),
    );
  }

  function launchServiceTask(e: Extract<Effect, { type: 'runServiceTask' }>): void {
    if (e.job) return launchJob(e);
    launchAnswered(
      e.key,
      () =>
        serviceTaskActivities(e.retries).runServiceTask({
          caseId: input.caseId,
          workflowId: wid,
          key: e.key,
          elementId: e.elementId,
          taskType: e.taskType,
          headers: e.headers,
          inputs: e.inputs,
          // plain input data, no new command: replays are unaffected
          at: now(ctx),
        }),
      (result) => ({ type: 'serviceTaskCompleted', key: e.key, result }),
      (err) => ({
        type: 'serviceTaskFailed',
        key: e.key,
        message: typedFailureMessage(err),
        ...bpmnErrorCode(err),
      }),
    );
  }

  function launchChild(e: Extract<Effect, { type: 'startChild' }>): void {
    launchAnswered(
      e.key,
      () =>
        executeChild(caseWorkflow, {
          workflowId: `${wid}/${e.key}`,
          args: [
            {
              caseId: uuid4(),
              processKey: e.processId,
              processVersion: null,
              businessKey: `${input.businessKey}/${e.key}`,
              variables: e.variables,
              ...(input.historyEventLimit ? { historyEventLimit: input.historyEventLimit } : {}),
              ...(input.maxOpenTasks ? { maxOpenTasks: input.maxOpenTasks } : {}),
            },
          ],
        }),
      (result) =>
        result.status === 'completed'
          ? { type: 'childCompleted', key: e.key, variables: result.variables }
          : { type: 'childFailed', key: e.key, message: `called case ${e.processId} was terminated` },
      (err) => ({
        type: 'childFailed',
        key: e.key,
        message: typedFailureMessage(err),
        ...bpmnErrorCode(err),
      }),
    );
  }

  return {
    apply,
    launchTimer,
    cancelAll() {
      for (const scope of scopes.values()) scope.cancel();
    },
  };
}

function failureMessage(err: unknown): string {
  const cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The failure's cause, past the activity / child wrappers. */
function innermost(err: unknown): unknown {
  let cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  if (cause instanceof ChildWorkflowFailure || cause instanceof ActivityFailure) cause = cause.cause;
  return cause;
}

/**
 * The incident's message, led by our internal failure type (`UNKNOWN_TASK_TYPE: …`) so the incident list can say in
 * words what went wrong. Histories before patch `incident-failure-type` kept the bare message.
 */
function typedFailureMessage(err: unknown): string {
  const message = failureMessage(err);
  const cause = innermost(err);
  if (
    cause instanceof ApplicationFailure &&
    cause.type &&
    INTERNAL_FAILURE_TYPES.includes(cause.type) &&
    patched('incident-failure-type')
  )
    return `${cause.type}: ${message}`;
  return message;
}

/** A non-retryable ApplicationFailure whose type is not one of ours is a BPMN error code (error boundary). */
function bpmnErrorCode(err: unknown): { errorCode?: string } {
  let cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  if (cause instanceof ChildWorkflowFailure || cause instanceof ActivityFailure) cause = cause.cause;
  if (
    cause instanceof ApplicationFailure &&
    cause.nonRetryable &&
    cause.type &&
    !INTERNAL_FAILURE_TYPES.includes(cause.type)
  )
    return { errorCode: cause.type };
  return {};
}
