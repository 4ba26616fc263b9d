// A run's beginning and end: start a fresh case or re-arm a carried one; then wait until the case ends, is
// cancelled from outside, or its history is long enough to continue as new at a quiet point.
import {
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  workflowInfo,
} from '@temporalio/workflow';
import { snapshot } from '../../bpmn';
import { type CaseContext, type CaseWorkflow, type RunCaseResult, ended, now } from './case-context';
import type { EffectExecutor } from './effect-executor';
import type { ReadModelWriter } from './read-model-writer';

const DEFAULT_HISTORY_LIMIT = 8000;

/** A fresh case: its read-model row, then the engine's start. A carried one: its timers re-armed. */
export function startOrResume(ctx: CaseContext, writer: ReadModelWriter, effects: EffectExecutor): void {
  const { input } = ctx;
  if (!ctx.carried) {
    writer.enqueue([
      {
        kind: 'ensureCase',
        processKey: input.processKey,
        processVersion: ctx.version,
        businessKey: input.businessKey,
        variables: input.variables ?? {},
        at: now(ctx),
      },
    ]);
    effects.apply(
      {
        type: 'start',
        variables: { ...input.variables, businessKey: input.businessKey },
        ...(input.maxOpenTasks ? { limits: { maxOpenTasks: input.maxOpenTasks } } : {}),
        ...(input.startEvent ? { startEvent: input.startEvent } : {}),
      },
      // only timer-started cases carry these: every other start records exactly what it did before
      {
        ...(input.startedBy ? { actor: input.startedBy } : {}),
        ...(input.startData ? { historyData: { 'case-started': input.startData } } : {}),
      },
    );
  } else {
    for (const key of Object.keys(ctx.timers)) effects.launchTimer(key);
  }
}

/** Waits for the case to end (its result), for a cancellation (rethrown), or continues as new. */
export async function runToEndOrContinueAsNew(
  ctx: CaseContext,
  writer: ReadModelWriter,
  effects: EffectExecutor,
): Promise<RunCaseResult> {
  const { input } = ctx;
  const limit = input.historyEventLimit ?? DEFAULT_HISTORY_LIMIT;
  const wantsNewRun = () => {
    const i = workflowInfo();
    return (i.continueAsNewSuggested || i.historyLength >= limit) && ctx.stepsThisRun > 0 && !ended(ctx);
  };
  // Continue-as-new only at a quiet point: no activity, child or update in flight, every deadline known.
  const quiet = () =>
    ctx.inFlight === 0 &&
    writer.idle() &&
    allHandlersFinished() &&
    Object.values(ctx.timers).every((t) => t.at !== undefined);

  try {
    await condition(() => ended(ctx) || (wantsNewRun() && quiet()));
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Cancelled from outside (Temporal cancel): terminate in the engine so the read model withdraws open tasks.
    await CancellationScope.nonCancellable(async () => {
      effects.cancelAll();
      if (!ended(ctx)) effects.apply({ type: 'cancel', reason: 'workflow cancelled' });
      await condition(() => writer.idle());
    });
    throw err;
  }
  if (!ended(ctx)) {
    effects.cancelAll();
    await continueAsNew<CaseWorkflow>({
      ...input,
      graph: ctx.graph,
      processVersion: ctx.version,
      carried: {
        engine: ctx.engine,
        tasks: ctx.tasks,
        timers: ctx.timers,
        subscriptions: ctx.subscriptions,
        historySeq: ctx.historySeq,
        calendarProvisional: ctx.calendarProvisional,
        run: ctx.run,
        ...(ctx.checkWrites ? { checkWrites: ctx.checkWrites } : {}),
      },
    });
  }
  // (no signal broadcast in older histories: the same condition for them)
  await condition(() => writer.idle() && allHandlersFinished() && !ctx.signalBroadcasts);
  effects.cancelAll();
  return {
    caseId: input.caseId,
    status: ctx.engine.status === 'terminated' ? 'terminated' : 'completed',
    variables: snapshot(ctx.engine).variables,
  };
}
