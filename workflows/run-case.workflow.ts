// The Temporal shell of the BPMN engine: one workflow per case drives the pure interpreter and turns its effects
// into activities, durable timers, child workflows and read-model writes.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type Effect,
  type EngineEvent,
  type EngineState,
  type ProcessGraph,
  type StepResult,
  type Variables,
  initialState,
  snapshot,
  step,
  validateClaim,
  validateCompletion,
} from '../bpmn';
import type { CaseActivities } from '../activities/case/case.activities';
import { INTERNAL_FAILURE_TYPES, type ReadModelOp } from '../activities/case/case-activity.types';
import {
  type CaseRejection,
  type CaseSubscription,
  type CaseTaskView,
  type CaseTimer,
  type CaseUser,
  type CaseView,
  MESSAGE_INSTANT_MAX_AGE_MS,
  type MessageInput,
  type TaskRef,
  cancelCaseUpdate,
  caseStateQuery,
  claimTaskUpdate,
  completeTaskUpdate,
  correlateMessageUpdate,
  messageSignal,
  recomputeDeadlinesUpdate,
  retryIncidentUpdate,
  subscriptionsQuery,
  unclaimTaskUpdate,
} from './case/case-messages';

export interface RunCaseInput {
  caseId: string;
  processKey: string;
  /** null/absent: the latest deployed version */
  processVersion?: number | null;
  businessKey: string;
  variables?: Variables;
  /** the compiled graph; loaded from process_definitions when absent */
  graph?: ProcessGraph;
  /** continue-as-new once the history holds this many events (the server's suggestion counts too) */
  historyEventLimit?: number;
  /** open user tasks the case may hold at once (MAX_OPEN_TASKS_PER_CASE); absent: the engine's default */
  maxOpenTasks?: number;
  /** engine state and shell bookkeeping carried across continue-as-new */
  carried?: CarriedCaseState;
}

export interface CarriedCaseState {
  engine: EngineState;
  tasks: Record<string, CaseTaskView & { decisions?: string[] }>;
  timers: Record<string, CaseTimer>;
  subscriptions: Record<string, CaseSubscription>;
  historySeq: number;
  calendarProvisional: boolean;
  run: number;
  /** the case checks what completions write (patch completion-writes-checked); absent: it never did */
  checkWrites?: boolean;
}

export interface RunCaseResult {
  caseId: string;
  status: 'completed' | 'terminated';
  variables: Variables;
}

const DEFAULT_HISTORY_LIMIT = 8000;

/** A task whose due date was computed through a year without calendar data, and how to compute it again. */
interface DueTracked {
  provisionalDue?: { value: string; calendar: 'cn-workday' | 'calendar-day' | undefined; from: string };
}

const db = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '200ms', maximumInterval: '30s', nonRetryableErrorTypes: INTERNAL_FAILURE_TYPES },
});

// Read-model writes as local activities: no server round trip per step (histories before this patch use `db`).
const localDb = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '1m',
  localRetryThreshold: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '30s', nonRetryableErrorTypes: INTERNAL_FAILURE_TYPES },
});

function reject(type: CaseRejection, message: string, details?: unknown): ApplicationFailure {
  // details (field problems) travel to the API as the failure's first detail
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    ...(details === undefined ? {} : { details: [details] }),
  });
}

export async function runCase(input: RunCaseInput): Promise<RunCaseResult> {
  const info = workflowInfo();
  const wid = info.workflowId;
  const root = CancellationScope.current();
  const carried = input.carried;

  let graph = input.graph;
  let processVersion = input.processVersion ?? null;
  if (!graph || processVersion === null) {
    const def = await db.loadDefinition({ key: input.processKey, version: processVersion });
    graph ??= def.graph as ProcessGraph;
    processVersion = def.version;
  }
  const version = processVersion;
  const caseGraph: ProcessGraph = graph;
  // A completion writes only its step's form fields / rf:writes (+ decision, comment); older histories wrote anything.
  // a continued run keeps its case's rule, so a case from before the rule never starts refusing after continue-as-new
  const checkWrites = carried ? carried.checkWrites === true : patched('completion-writes-checked');

  let engine: EngineState = carried?.engine ?? initialState(caseGraph);
  const tasks = carried?.tasks ?? {};
  const timers = carried?.timers ?? {};
  const subscriptions = carried?.subscriptions ?? {};
  let historySeq = carried?.historySeq ?? 0;
  let calendarProvisional = carried?.calendarProvisional ?? false;
  const run = (carried?.run ?? 0) + 1;
  /** a failure the engine cannot represent (a deadline that cannot be computed) */
  let shellIncident: string | null = null;
  const scopes = new Map<string, CancellationScope>();
  let inFlight = 0;
  /** a fresh run continues as new only after it has moved: a carried history never loops */
  let stepsThisRun = 0;

  // ---- read model: one serial writer, batched, so writes land in effect order ---------------------------------
  let pendingOps: ReadModelOp[] = [];
  let enqueued = 0;
  let flushed = 0;
  const writer = new CancellationScope({ cancellable: false, parent: root });
  let useLocalWriter: boolean | undefined;
  function enqueue(ops: ReadModelOp[]): number {
    pendingOps.push(...ops);
    return ++enqueued;
  }
  void writer.run(async () => {
    for (;;) {
      await condition(() => pendingOps.length > 0);
      const upTo = enqueued;
      // Only the last case snapshot of a batch matters.
      const lastSync = pendingOps.map((o) => o.kind).lastIndexOf('syncCase');
      const ops = pendingOps.filter((o, i) => o.kind !== 'syncCase' || i === lastSync);
      pendingOps = [];
      useLocalWriter ??= patched('read-model-local-activity');
      const writerActs = useLocalWriter ? localDb : db;
      await writerActs.applyReadModel({ caseId: input.caseId, workflowId: wid, ops });
      flushed = upTo;
    }
  });
  const flushedTo = (seq: number) => condition(() => flushed >= seq);

  function caseStatus(): CaseView['status'] {
    if (engine.status === 'new') return 'active';
    if (engine.status === 'active' && shellIncident) return 'failed';
    return engine.status;
  }
  function failureReason(): string | null {
    const first = Object.values(engine.incidents)[0];
    if (first) return `${first.elementId}: ${first.reason}`;
    return shellIncident;
  }
  function caseView(): CaseView {
    const snap = snapshot(engine);
    return {
      id: input.caseId,
      processKey: input.processKey,
      version,
      businessKey: input.businessKey,
      status: caseStatus(),
      activeElements: snap.activeElements,
      variables: snap.variables,
      calendarProvisional,
      failureReason: caseStatus() === 'failed' ? failureReason() : null,
      outcome: snap.outcome ?? null,
    };
  }
  function syncOp(): ReadModelOp {
    const v = caseView();
    return {
      kind: 'syncCase',
      status: v.status,
      activeElements: v.activeElements,
      variables: v.variables,
      calendarProvisional: v.calendarProvisional,
      failureReason: v.failureReason,
      ...(v.outcome !== null ? { outcome: v.outcome } : {}),
    };
  }

  // ---- engine driver ---------------------------------------------------------------------------------------------
  function apply(
    event: EngineEvent,
    opts: { actor?: string; comment?: string | null; before?: ReadModelOp[] } = {},
  ): StepResult & { seq: number } {
    const result = step(caseGraph, engine, event);
    if (result.rejected) return { ...result, seq: enqueued };
    engine = result.state;
    stepsThisRun += 1;
    const ops: ReadModelOp[] = [...(opts.before ?? [])];
    for (const effect of result.effects) perform(effect, ops, opts.actor ?? null, opts.comment ?? null);
    ops.push(syncOp());
    return { ...result, seq: enqueue(ops) };
  }

  /** set while a message with a usable `at` is applied: its transition counts from that instant */
  let instant: string | null = null;
  /** set while a message is applied: who sent it and what it carried, for its history events */
  let messageInHistory: { sender: string | null; variables: Variables } | null = null;
  /** Histories before this patch recorded neither the sender nor the variables of a correlated message. */
  const messageHistoryOf = (m: MessageInput) =>
    patched('message-history-sender') ? { sender: m.sender ?? null, variables: m.variables ?? {} } : null;
  function now(): string {
    return instant ?? new Date(Date.now()).toISOString();
  }
  /** Subscriptions go to the read model (so POST /messages finds them); histories before this patch did not. */
  let subscriptionsInReadModel: boolean | undefined;
  const writeSubscriptions = () => (subscriptionsInReadModel ??= patched('subscriptions-read-model'));

  /** The multi-instance body holding instance `key` (its siblings share it), or null. */
  function multiInstanceBodyOf(key: string): string | null {
    const parent = engine.instances[engine.instances[key]?.parent ?? ''];
    return parent?.mi ? parent.key : null;
  }

  function perform(e: Effect, ops: ReadModelOp[], actor: string | null, comment: string | null): void {
    switch (e.type) {
      case 'createUserTask': {
        const task: CaseTaskView & { decisions?: string[] } = {
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
      case 'startTimer':
        timers[e.key] = { key: e.key, elementId: e.elementId, spec: e.spec, from: now() };
        launchTimer(e.key);
        return;
      case 'cancelTimer':
      case 'cancelServiceTask':
      case 'cancelChild':
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
      case 'incident':
      case 'incidentResolved':
      case 'caseCompleted':
      case 'caseTerminated':
        return; // the case snapshot written after every step carries status and reason
      case 'history':
        historySeq += 1;
        ops.push({
          kind: 'history',
          idempotencyKey: `${e.key ?? 'case'}:${e.event}:${historySeq}`,
          type: e.event,
          elementId: e.elementId ?? null,
          // a task's completer, who cancelled the case, or who sent a correlated message
          actor:
            e.event === 'task-completed' || e.event === 'case-terminated'
              ? actor
              : e.event === 'message-correlated' && messageInHistory
                ? messageInHistory.sender
                : null,
          // the reviewer's comment belongs to the audit trail, beside the decision
          data:
            e.event === 'task-completed' && comment
              ? { ...e.data, comment }
              : e.event === 'message-correlated' && messageInHistory
                ? { ...e.data, variables: messageInHistory.variables }
                : (e.data ?? {}),
          at: now(),
        });
        return;
    }
  }

  /** Runs `fn` in its own cancellable scope under the workflow root, so cancelling one element touches nothing else. */
  function launch(key: string, fn: () => Promise<void>): void {
    const scope = new CancellationScope({ cancellable: true, parent: root });
    scopes.set(key, scope);
    inFlight += 1;
    void scope
      .run(fn)
      .catch((err: unknown) => {
        if (!isCancellation(err)) log.error('case element failed in the shell', { key, error: String(err) });
      })
      .finally(() => {
        inFlight -= 1;
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
          const deadline = await db.computeDeadline({ spec: timer.spec, from: timer.from ?? now() });
          timer.at = deadline.at;
          timer.provisional = deadline.provisional;
          if (deadline.provisional) calendarProvisional = true;
          apply({ type: 'deadlineComputed', key, at: deadline.at });
        }
        const wait = Date.parse(timer.at) - Date.now();
        if (wait > 0) await sleep(wait);
        if (scopes.get(key) !== scope) return;
        scopes.delete(key);
        delete timers[key];
        apply({ type: 'timerFired', key });
      })
      .catch((err: unknown) => {
        if (isCancellation(err)) return;
        shellIncident = `${timers[key]?.elementId ?? key}: ${failureMessage(err)}`;
        enqueue([syncOp()]);
      });
  }

  function launchTaskDue(
    key: string,
    dueIn: string,
    calendar: 'cn-workday' | 'calendar-day' | undefined,
  ): void {
    const from = now();
    void db
      .computeDeadline({
        spec: { kind: 'duration', value: dueIn, ...(calendar ? { calendar } : {}) },
        from,
      })
      .then((deadline) => {
        const task = tasks[key];
        if (deadline.provisional) calendarProvisional = true;
        if (!task) return;
        task.dueAt = deadline.at;
        // kept for recomputeDeadlines (plain data, no command: replays are unaffected)
        if (deadline.provisional) (task as DueTracked).provisionalDue = { value: dueIn, calendar, from };
        enqueue([{ kind: 'taskDue', key, dueAt: deadline.at }, syncOp()]);
      })
      .catch((err: unknown) => log.warn('due date not computed', { key, error: String(err) }));
  }

  function launchServiceTask(e: Extract<Effect, { type: 'runServiceTask' }>): void {
    launch(e.key, async () => {
      const acts = proxyActivities<CaseActivities>({
        startToCloseTimeout: '5m',
        retry: {
          initialInterval: '200ms',
          backoffCoefficient: 2,
          maximumInterval: '10s',
          maximumAttempts: Math.max(1, e.retries),
        },
      });
      let event: EngineEvent;
      try {
        const result = await acts.runServiceTask({
          caseId: input.caseId,
          workflowId: wid,
          key: e.key,
          elementId: e.elementId,
          taskType: e.taskType,
          headers: e.headers,
          inputs: e.inputs,
        });
        event = { type: 'serviceTaskCompleted', key: e.key, result };
      } catch (err) {
        if (isCancellation(err)) throw err;
        event = {
          type: 'serviceTaskFailed',
          key: e.key,
          message: failureMessage(err),
          ...bpmnErrorCode(err),
        };
      }
      if (!scopes.has(e.key)) return; // cancelled meanwhile: its result no longer counts
      scopes.delete(e.key);
      apply(event);
    });
  }

  function launchChild(e: Extract<Effect, { type: 'startChild' }>): void {
    launch(e.key, async () => {
      let event: EngineEvent;
      try {
        const result = await executeChild(runCase, {
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
        });
        event =
          result.status === 'completed'
            ? { type: 'childCompleted', key: e.key, variables: result.variables }
            : { type: 'childFailed', key: e.key, message: `called case ${e.processId} was terminated` };
      } catch (err) {
        if (isCancellation(err)) throw err;
        event = { type: 'childFailed', key: e.key, message: failureMessage(err), ...bpmnErrorCode(err) };
      }
      if (!scopes.has(e.key)) return;
      scopes.delete(e.key);
      apply(event);
    });
  }

  // ---- tasks: who may act --------------------------------------------------------------------------------------
  function resolveTask(ref: TaskRef): CaseTaskView {
    const task = ref.key
      ? tasks[ref.key]
      : Object.values(tasks).find((t) => ref.taskId !== undefined && t.id === ref.taskId);
    if (!task) throw reject('TASK_NOT_OPEN', `task ${ref.taskId ?? ref.key ?? '?'} is not open`);
    return task;
  }
  function checkCandidate(task: CaseTaskView, user: CaseUser): void {
    if (!user || typeof user.username !== 'string' || user.username === '')
      throw reject('NOT_CANDIDATE', 'user.username is required');
    const district = snapshot(engine).variables.district;
    if (user.district && typeof district === 'string' && user.district !== district)
      throw reject(
        'NOT_CANDIDATE',
        `${user.username} is scoped to district ${user.district}, the case is in ${district}`,
      );
    if (task.assignee) {
      if (task.assignee !== user.username)
        throw reject('NOT_CANDIDATE', `task ${task.elementId} is assigned to ${task.assignee}`);
      return;
    }
    if (task.candidateGroups.length > 0 && !(user.roles ?? []).some((r) => task.candidateGroups.includes(r)))
      throw reject(
        'NOT_CANDIDATE',
        `${user.username} is in none of the candidate groups ${task.candidateGroups.join(', ')} of ${task.elementId}`,
      );
  }
  function checkEngine(
    result: { ok: true } | { ok: false; reason: string; message: string; details?: unknown },
  ): void {
    if (!result.ok) throw reject(result.reason as CaseRejection, result.message, result.details);
  }

  setHandler(
    completeTaskUpdate,
    async (req) => {
      const task = resolveTask(req);
      const variables = req.variables ?? {};
      const completedAt = now();
      const result = apply(
        {
          type: 'taskCompleted',
          key: task.key,
          variables,
          by: req.user.username,
          affiliation: req.user.affiliation ?? null,
          ...(checkWrites ? { checkWrites: true } : {}),
        },
        {
          actor: req.user.username,
          comment: req.comment ?? null,
          before: [
            {
              kind: 'completeTask',
              key: task.key,
              by: req.user.username,
              decision: typeof variables.decision === 'string' ? variables.decision : null,
              comment: req.comment ?? null,
              variables,
              at: completedAt,
            },
          ],
        },
      );
      if (result.rejected) throw reject(result.rejected.reason as CaseRejection, result.rejected.message);
      delete tasks[task.key];
      const done: CaseTaskView = {
        ...task,
        state: 'completed',
        completedBy: req.user.username,
        decision: typeof variables.decision === 'string' ? variables.decision : null,
        comment: req.comment ?? null,
      };
      await flushedTo(result.seq);
      return { task: done, case: caseView() };
    },
    {
      validator: (req) => {
        const task = resolveTask(req);
        checkCandidate(task, req.user);
        checkEngine(
          validateCompletion(
            caseGraph,
            engine,
            task.key,
            { username: req.user.username, affiliation: req.user.affiliation ?? undefined },
            req.variables ?? {},
            { checkWrites },
          ),
        );
      },
    },
  );

  setHandler(
    claimTaskUpdate,
    async (req) => {
      const task = resolveTask(req);
      task.assignee = req.user.username;
      await flushedTo(enqueue([{ kind: 'claimTask', key: task.key, assignee: task.assignee }]));
      return { ...task };
    },
    {
      validator: (req) => {
        const task = resolveTask(req);
        checkCandidate(task, req.user);
        checkEngine(
          validateClaim(caseGraph, engine, task.key, {
            username: req.user.username,
            affiliation: req.user.affiliation ?? undefined,
          }),
        );
      },
    },
  );

  setHandler(
    unclaimTaskUpdate,
    async (req) => {
      const task = resolveTask(req);
      task.assignee = null;
      await flushedTo(enqueue([{ kind: 'claimTask', key: task.key, assignee: null }]));
      return { ...task };
    },
    {
      validator: (req) => {
        const task = resolveTask(req);
        const admin = (req.user?.roles ?? []).includes('admin');
        if (task.assignee !== req.user?.username && !admin)
          throw reject('NOT_CANDIDATE', `task ${task.elementId} is not claimed by ${req.user?.username}`);
      },
    },
  );

  setHandler(
    retryIncidentUpdate,
    async (req) => {
      if (shellIncident && Object.keys(engine.incidents).length === 0) {
        shellIncident = null;
        for (const t of Object.values(timers)) if (!scopes.has(t.key)) launchTimer(t.key);
        await flushedTo(enqueue([syncOp()]));
        return caseView();
      }
      const incidentKey = req.incidentKey ?? Object.keys(engine.incidents)[0] ?? '';
      const result = apply({
        type: 'retryIncident',
        incidentKey,
        ...(req.variables ? { variables: req.variables } : {}),
      });
      if (result.rejected) throw reject('NO_INCIDENT', result.rejected.message);
      await flushedTo(result.seq);
      return caseView();
    },
    {
      validator: (req) => {
        if (shellIncident) return;
        const keys = Object.keys(engine.incidents);
        if (keys.length === 0) throw reject('NO_INCIDENT', 'the case has no open incident');
        if (req.incidentKey !== undefined && !keys.includes(req.incidentKey))
          throw reject('NO_INCIDENT', `no open incident ${req.incidentKey}`);
      },
    },
  );

  setHandler(recomputeDeadlinesUpdate, async () => {
    const stale = Object.values(timers).filter((t) => t.provisional);
    for (const t of stale) {
      scopes.get(t.key)?.cancel();
      scopes.delete(t.key);
      delete t.at;
      delete t.provisional;
      launchTimer(t.key);
    }
    await condition(() => stale.every((t) => !timers[t.key] || timers[t.key]?.at !== undefined));
    // provisional task due dates too (contract §1: every deadline); histories before this patch recomputed timers only
    const dues = Object.values(tasks).filter((t) => (t as DueTracked).provisionalDue);
    if (dues.length > 0 && patched('recompute-task-due'))
      for (const t of dues) {
        const due = (t as DueTracked).provisionalDue as NonNullable<DueTracked['provisionalDue']>;
        const deadline = await db.computeDeadline({
          spec: { kind: 'duration', value: due.value, ...(due.calendar ? { calendar: due.calendar } : {}) },
          from: due.from,
        });
        if (tasks[t.key] !== t) continue;
        t.dueAt = deadline.at;
        if (!deadline.provisional) delete (t as DueTracked).provisionalDue;
        enqueue([{ kind: 'taskDue', key: t.key, dueAt: deadline.at }]);
      }
    else dues.length = 0;
    if (stale.length + dues.length > 0)
      calendarProvisional =
        Object.values(timers).some((t) => t.provisional) ||
        Object.values(tasks).some((t) => (t as DueTracked).provisionalDue);
    await flushedTo(enqueue([syncOp()]));
    return { recomputed: stale.length + dues.length, case: caseView() };
  });

  setHandler(
    cancelCaseUpdate,
    async (req) => {
      const result = apply(
        { type: 'cancel', ...(req.reason ? { reason: req.reason } : {}) },
        req.by ? { actor: req.by } : {},
      );
      if (result.rejected) throw reject('CASE_NOT_ACTIVE', result.rejected.message);
      await flushedTo(result.seq);
      return caseView();
    },
    {
      validator: (req) => {
        if (engine.status !== 'active' && engine.status !== 'failed')
          throw reject(
            'CASE_NOT_ACTIVE',
            `case is ${engine.status}${req.reason ? ` (cancel: ${req.reason})` : ''}`,
          );
      },
    },
  );

  /** The message's `at` when it lies within [now - max age, now]; the input is in history, so replay agrees. */
  function messageInstant(m: MessageInput): string | null {
    if (typeof m.at !== 'string' || !patched('message-instant')) return null;
    const at = Date.parse(m.at);
    const current = Date.now();
    if (Number.isNaN(at) || at > current || current - at > MESSAGE_INSTANT_MAX_AGE_MS) return null;
    return new Date(at).toISOString();
  }
  /** Message variables reach the case only through output mappings; histories before this patch took them all. */
  let messagesMappedOnly: boolean | undefined;
  const correlate = (m: MessageInput): StepResult & { seq: number; at: string } => {
    instant = messageInstant(m);
    messageInHistory = messageHistoryOf(m);
    try {
      const at = now();
      messagesMappedOnly ??= patched('message-variables-mapped-only');
      const result = apply({
        type: 'messageReceived',
        name: m.name,
        correlationKey: m.correlationKey,
        ...(m.variables ? { variables: m.variables } : {}),
        ...(messagesMappedOnly ? { mappedOnly: true } : {}),
      });
      messageInHistory = null;
      return { ...result, at };
    } finally {
      instant = null;
    }
  };
  setHandler(messageSignal, (m) => {
    correlate(m);
  });
  setHandler(correlateMessageUpdate, async (m) => {
    const result = correlate(m);
    await flushedTo(result.seq);
    return { correlated: result.correlated ?? 0, at: result.at };
  });

  setHandler(caseStateQuery, () => ({
    ...snapshot(engine),
    case: caseView(),
    tasks: Object.values(tasks).map((t) => ({ ...t })),
    timers: Object.values(timers).map((t) => ({ ...t })),
    subscriptions: Object.values(subscriptions),
    run,
  }));
  setHandler(subscriptionsQuery, () => Object.values(subscriptions));

  // ---- start or resume -----------------------------------------------------------------------------------------
  if (!carried) {
    enqueue([
      {
        kind: 'ensureCase',
        processKey: input.processKey,
        processVersion: version,
        businessKey: input.businessKey,
        variables: input.variables ?? {},
      },
    ]);
    apply({
      type: 'start',
      variables: { ...input.variables, businessKey: input.businessKey },
      ...(input.maxOpenTasks ? { limits: { maxOpenTasks: input.maxOpenTasks } } : {}),
    });
  } else {
    for (const key of Object.keys(timers)) launchTimer(key);
  }

  const limit = input.historyEventLimit ?? DEFAULT_HISTORY_LIMIT;
  const ended = () => engine.status === 'completed' || engine.status === 'terminated';
  const wantsNewRun = () => {
    const i = workflowInfo();
    return (i.continueAsNewSuggested || i.historyLength >= limit) && stepsThisRun > 0 && !ended();
  };
  // Continue-as-new only at a quiet point: no activity, child or update in flight, every deadline known.
  const quiet = () =>
    inFlight === 0 &&
    pendingOps.length === 0 &&
    flushed === enqueued &&
    allHandlersFinished() &&
    Object.values(timers).every((t) => t.at !== undefined);

  try {
    await condition(() => ended() || (wantsNewRun() && quiet()));
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Cancelled from outside (Temporal cancel): terminate in the engine so the read model withdraws open tasks.
    await CancellationScope.nonCancellable(async () => {
      for (const scope of scopes.values()) scope.cancel();
      if (!ended()) apply({ type: 'cancel', reason: 'workflow cancelled' });
      await condition(() => pendingOps.length === 0 && flushed === enqueued);
    });
    throw err;
  }
  if (!ended()) {
    for (const scope of scopes.values()) scope.cancel();
    await continueAsNew<typeof runCase>({
      ...input,
      graph: caseGraph,
      processVersion: version,
      carried: {
        engine,
        tasks,
        timers,
        subscriptions,
        historySeq,
        calendarProvisional,
        run,
        ...(checkWrites ? { checkWrites } : {}),
      },
    });
  }
  await condition(() => pendingOps.length === 0 && flushed === enqueued && allHandlersFinished());
  for (const scope of scopes.values()) scope.cancel();
  return {
    caseId: input.caseId,
    status: engine.status === 'terminated' ? 'terminated' : 'completed',
    variables: snapshot(engine).variables,
  };
}

function failureMessage(err: unknown): string {
  const cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
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
