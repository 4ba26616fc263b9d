// Pure entry point (safe inside the workflow sandbox). The compiler is Node-side: import it from './compile/compile-bpmn'.
export * from './graph.types';
export * from './engine/engine.types';
export {
  initialState,
  step,
  snapshot,
  pendingWaits,
  validateCompletion,
  validateClaim,
  type CompletingUser,
  type CompletionOptions,
  type ValidationResult,
  type EngineSnapshot,
  type PendingWaits,
} from './engine/engine';
export * from './forms';
export {
  validateModification,
  type ActivateInstruction,
  type Modification,
  type ModificationPlan,
  type ModificationRefusal,
  type ModificationVerdict,
  type TerminateInstruction,
  type VariableInstruction,
} from './engine/modification';
