// The Temporal shell of the BPMN engine: one workflow per case drives the pure interpreter and turns its effects
// into activities, durable timers, child workflows and read-model writes. The parts live in workflows/case/.
import { type RunCaseInput, type RunCaseResult, openCase } from './case/case-context';
import { createEffectExecutor } from './case/effect-executor';
import { registerHandlers } from './case/handlers';
import { runToEndOrContinueAsNew, startOrResume } from './case/lifecycle';
import { startReadModelWriter } from './case/read-model-writer';

export type { CarriedCaseState, RunCaseInput, RunCaseResult } from './case/case-context';

export async function runCase(input: RunCaseInput): Promise<RunCaseResult> {
  // the definition (loaded when not given), the completion-writes rule, the engine state (fresh or carried)
  const ctx = await openCase(input);
  // read model: one serial writer, batched, so writes land in effect order
  const writer = startReadModelWriter(ctx);
  // engine steps and their effects: user tasks, timers, service tasks, called cases, history (one failure policy)
  const effects = createEffectExecutor(ctx, writer, runCase);
  // updates, signals and queries; task authorization in their validators
  registerHandlers(ctx, writer, effects);
  // start a fresh case or re-arm a carried one, then run until it ends or continues as new
  startOrResume(ctx, writer, effects);
  return runToEndOrContinueAsNew(ctx, writer, effects);
}
