// The case's updates, signals and queries. Validators refuse (task-authorization.ts); handlers apply one engine step
// and answer once its read-model batch is written.
import { condition, patched, setHandler } from '@temporalio/workflow';
import { type StepResult, snapshot, validateModification } from '../../bpmn';
import { db, reject } from './case-activities';
import { type CaseContext, type DueTracked, caseView, now, syncOp } from './case-context';
import {
  type CaseRejection,
  type CaseTaskView,
  MESSAGE_INSTANT_MAX_AGE_MS,
  type MessageInput,
  cancelCaseUpdate,
  caseStateQuery,
  childEscalatedSignal,
  claimTaskUpdate,
  completeTaskUpdate,
  correlateMessageUpdate,
  messageSignal,
  modifyCaseUpdate,
  recomputeDeadlinesUpdate,
  retryIncidentUpdate,
  subscriptionsQuery,
  unclaimTaskUpdate,
} from './case-messages';
import type { EffectExecutor } from './effect-executor';
import type { ReadModelWriter } from './read-model-writer';
import { authorizeClaim, authorizeCompletion, authorizeUnclaim, resolveTask } from './task-authorization';

export function registerHandlers(ctx: CaseContext, writer: ReadModelWriter, effects: EffectExecutor): void {
  const { tasks, timers, subscriptions, scopes } = ctx;
  const { apply, launchTimer } = effects;
  const { enqueue, flushedTo } = writer;

  setHandler(
    completeTaskUpdate,
    async (req) => {
      const task = resolveTask(ctx, req);
      const variables = req.variables ?? {};
      const completedAt = now(ctx);
      const result = apply(
        {
          type: 'taskCompleted',
          key: task.key,
          variables,
          by: req.user.username,
          affiliation: req.user.affiliation ?? null,
          ...(ctx.checkWrites ? { checkWrites: true } : {}),
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
      return { task: done, case: caseView(ctx) };
    },
    { validator: (req) => authorizeCompletion(ctx, req) },
  );

  setHandler(
    claimTaskUpdate,
    async (req) => {
      const task = resolveTask(ctx, req);
      task.assignee = req.user.username;
      await flushedTo(enqueue([{ kind: 'claimTask', key: task.key, assignee: task.assignee, at: now(ctx) }]));
      return { ...task };
    },
    { validator: (req) => authorizeClaim(ctx, req) },
  );

  setHandler(
    unclaimTaskUpdate,
    async (req) => {
      const task = resolveTask(ctx, req);
      task.assignee = null;
      await flushedTo(enqueue([{ kind: 'claimTask', key: task.key, assignee: null, at: now(ctx) }]));
      return { ...task };
    },
    { validator: (req) => authorizeUnclaim(ctx, req) },
  );

  setHandler(
    retryIncidentUpdate,
    async (req) => {
      if (ctx.shellIncident && Object.keys(ctx.engine.incidents).length === 0) {
        ctx.shellIncident = null;
        for (const t of Object.values(timers)) if (!scopes.has(t.key)) launchTimer(t.key);
        await flushedTo(enqueue([syncOp(ctx)]));
        return caseView(ctx);
      }
      const incidentKey = req.incidentKey ?? Object.keys(ctx.engine.incidents)[0] ?? '';
      const result = apply(
        {
          type: 'retryIncident',
          incidentKey,
          ...(req.variables ? { variables: req.variables } : {}),
        },
        // who retried and which variables they changed (names only), on the incident-resolved row
        req.by
          ? {
              actor: req.by,
              historyData: { 'incident-resolved': { variables: Object.keys(req.variables ?? {}).sort() } },
            }
          : {},
      );
      if (result.rejected) throw reject('NO_INCIDENT', result.rejected.message);
      await flushedTo(result.seq);
      return caseView(ctx);
    },
    {
      validator: (req) => {
        if (ctx.shellIncident) return;
        const keys = Object.keys(ctx.engine.incidents);
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
      ctx.calendarProvisional =
        Object.values(timers).some((t) => t.provisional) ||
        Object.values(tasks).some((t) => (t as DueTracked).provisionalDue);
    await flushedTo(enqueue([syncOp(ctx)]));
    return { recomputed: stale.length + dues.length, case: caseView(ctx) };
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
      return caseView(ctx);
    },
    {
      validator: (req) => {
        if (ctx.engine.status !== 'active' && ctx.engine.status !== 'failed')
          throw reject(
            'CASE_NOT_ACTIVE',
            `case is ${ctx.engine.status}${req.reason ? ` (cancel: ${req.reason})` : ''}`,
          );
      },
    },
  );

  setHandler(
    modifyCaseUpdate,
    async (req) => {
      const { by, ...modification } = req;
      const result = apply({ type: 'modify', modification }, by ? { actor: by } : {});
      if (result.rejected) throw reject(result.rejected.reason as CaseRejection, result.rejected.message);
      await flushedTo(result.seq);
      return caseView(ctx);
    },
    {
      // the whole modification is checked before it reaches the history: a refusal changes nothing
      validator: (req) => {
        if (ctx.engine.status !== 'active' && ctx.engine.status !== 'failed')
          throw reject('CASE_NOT_ACTIVE', `case is ${ctx.engine.status}`);
        const verdict = validateModification(ctx.graph, ctx.engine, req);
        if (!verdict.ok)
          throw reject(
            verdict.reason,
            verdict.message,
            verdict.elementId === undefined ? undefined : { elementId: verdict.elementId },
          );
      },
    },
  );

  const correlate = messageCorrelator(ctx, effects);
  setHandler(childEscalatedSignal, (m) => {
    effects.apply({ type: 'childEscalated', key: m.key, escalationCode: m.escalationCode });
  });
  setHandler(messageSignal, (m) => {
    correlate(m);
  });
  setHandler(correlateMessageUpdate, async (m) => {
    const result = correlate(m);
    await flushedTo(result.seq);
    return { correlated: result.correlated ?? 0, at: result.at };
  });

  setHandler(caseStateQuery, () => ({
    ...snapshot(ctx.engine),
    case: caseView(ctx),
    tasks: Object.values(tasks).map((t) => ({ ...t })),
    timers: Object.values(timers).map((t) => ({ ...t })),
    subscriptions: Object.values(subscriptions),
    run: ctx.run,
  }));
  setHandler(subscriptionsQuery, () => Object.values(subscriptions));
}

/** Applies a message (signal or update): at its `at` when usable, recording its sender and variables. */
function messageCorrelator(
  ctx: CaseContext,
  effects: EffectExecutor,
): (m: MessageInput) => StepResult & { seq: number; at: string } {
  /** Histories before this patch recorded neither the sender nor the variables of a correlated message. */
  const messageHistoryOf = (m: MessageInput) =>
    patched('message-history-sender') ? { sender: m.sender ?? null, variables: m.variables ?? {} } : null;
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
  return (m) => {
    ctx.instant = messageInstant(m);
    ctx.messageInHistory = messageHistoryOf(m);
    try {
      const at = now(ctx);
      messagesMappedOnly ??= patched('message-variables-mapped-only');
      const result = effects.apply({
        type: 'messageReceived',
        name: m.name,
        correlationKey: m.correlationKey,
        ...(m.variables ? { variables: m.variables } : {}),
        ...(messagesMappedOnly ? { mappedOnly: true } : {}),
      });
      ctx.messageInHistory = null;
      return { ...result, at };
    } finally {
      ctx.instant = null;
    }
  };
}
