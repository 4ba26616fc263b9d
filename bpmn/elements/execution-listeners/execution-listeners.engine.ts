// Execution listeners (Camunda 8 zeebe:executionListeners): jobs an element (or the process) waits for, one after
// the other in document order. Start listeners run after the input mappings and before the element's own work
// (event subscriptions, expressions, behaviour); their variables become the element's local variables. End
// listeners run after the output mappings and before the element leaves; their variables go to the enclosing scope
// like outputs. A job that fails with no retries left, or throws a BPMN error (not catchable), is an incident on the
// element; retrying it runs that listener again. A listener whose type or retries cannot be evaluated is an incident
// too, and its retry starts over from the first listener of that event type (as Zeebe does).
import type { ExecutionListenerDef, ProcessGraph } from '../../graph.types';
import { EngineIncident } from '../../engine/engine-incident';
import type {
  EngineOps,
  EngineState,
  Instance,
  ListenerProgress,
  Variables,
} from '../../engine/engine.types';
import { JOB_TYPE_PATTERN } from '../../task-types';

/** What the runtime lends the listeners: its ops plus the two ways on once they are done. */
export interface ListenerRuntime extends EngineOps {
  propagate(fromKey: string | null, variables: Variables): void;
  /** the element's own work (or the process's start event) after its start listeners */
  afterStartListeners(inst: Instance, progress: ListenerProgress): void;
  /** the element leaves (or the process completes) after its end listeners */
  afterEndListeners(inst: Instance, progress: ListenerProgress): void;
  /** runs `fn`; an expression or engine failure becomes an incident on `inst` */
  guardListener(inst: Instance, fn: () => void): void;
}

function listenersOf(
  graph: ProcessGraph,
  inst: Instance,
  eventType: 'start' | 'end',
): ExecutionListenerDef[] {
  const all = inst.type === 'process' ? graph.listeners : graph.nodes[inst.elementId]?.listeners;
  return (all ?? []).filter((l) => l.eventType === eventType);
}

/** Does the element (or process) of `inst` have listeners of this event type? */
export function hasListeners(graph: ProcessGraph, inst: Instance, eventType: 'start' | 'end'): boolean {
  const all = inst.type === 'process' ? graph.listeners : graph.nodes[inst.elementId]?.listeners;
  return all?.some((l) => l.eventType === eventType) === true;
}

/**
 * Begins the listeners of `eventType`: false when there are none (the caller goes on at once), else the element
 * now waits for the first job. `extra`: where to go afterwards. Throws (an incident) when the first cannot start.
 */
export function beginListeners(
  rt: ListenerRuntime,
  inst: Instance,
  eventType: 'start' | 'end',
  extra: Pick<ListenerProgress, 'flows' | 'startAt'> = {},
): boolean {
  if (!hasListeners(rt.graph, inst, eventType)) return false;
  inst.listener = { eventType, index: 0, ...extra };
  runCurrent(rt, inst);
  return true;
}

/** Emits the job of the current listener (progress objects are replaced, never changed: states share them). */
function runCurrent(rt: ListenerRuntime, inst: Instance): void {
  const progress = inst.listener as ListenerProgress;
  const def = listenersOf(rt.graph, inst, progress.eventType)[progress.index];
  if (!def) throw new Error(`no ${progress.eventType} listener ${progress.index} on ${inst.elementId}`);
  const { jobKey: _previous, ...waiting } = progress;
  inst.listener = waiting;
  let jobType: string;
  let retries: number;
  try {
    jobType = evaluateType(rt, inst, def);
    retries = evaluateRetries(rt, inst, def);
  } catch (err) {
    // Zeebe: after an expression failure every listener of this event type runs again
    inst.listener = { ...waiting, index: 0 };
    throw err;
  }
  const key = rt.newKey();
  inst.listener = { ...waiting, jobKey: key };
  rt.emit({
    type: 'runListenerJob',
    key,
    elementKey: inst.key,
    elementId: inst.elementId,
    eventType: progress.eventType,
    jobType,
    retries,
    headers: def.headers ?? {},
    variables: rt.context(inst.key),
  });
}

function evaluateType(rt: ListenerRuntime, inst: Instance, def: ExecutionListenerDef): string {
  if (!def.type.startsWith('=')) return def.type;
  const value = rt.value(inst.key, def.type);
  if (typeof value !== 'string' || !JOB_TYPE_PATTERN.test(value))
    throw new EngineIncident(
      `the ${def.eventType} execution listener type of ${inst.elementId} evaluated to ${JSON.stringify(value) ?? 'nothing'}, not a job type`,
      'JOB_TYPE_INVALID',
    );
  return value;
}

function evaluateRetries(rt: ListenerRuntime, inst: Instance, def: ExecutionListenerDef): number {
  const value = def.retries.startsWith('=') ? rt.value(inst.key, def.retries) : Number(def.retries);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new EngineIncident(
      `the retries of ${def.eventType} execution listener '${def.type}' on ${inst.elementId} evaluated to ${JSON.stringify(value) ?? 'nothing'}, not a non-negative integer`,
      'JOB_RETRIES_INVALID',
    );
  return value;
}

/** The instance waiting for listener job `key`, if any. */
export function listenerInstance(state: EngineState, key: string): Instance | undefined {
  for (const k in state.instances) {
    const inst = state.instances[k] as Instance;
    if (inst.listener?.jobKey === key) return inst;
  }
  return undefined;
}

/** A worker completed the current listener's job: its variables land, then the next listener or the way on. */
export function listenerCompleted(rt: ListenerRuntime, inst: Instance, variables: Variables): void {
  const progress = inst.listener as ListenerProgress;
  if (progress.eventType === 'start') inst.vars = { ...(inst.vars ?? {}), ...variables };
  else rt.propagate(inst.parent, variables);
  const next = progress.index + 1;
  if (next < listenersOf(rt.graph, inst, progress.eventType).length) {
    inst.listener = { ...progress, index: next };
    rt.guardListener(inst, () => runCurrent(rt, inst));
    return;
  }
  delete inst.listener;
  if (progress.eventType === 'start') {
    inst.started = true;
    rt.afterStartListeners(inst, progress);
  } else rt.afterEndListeners(inst, progress);
}

/** The job failed for good, or its worker threw a BPMN error: an incident (a listener's error is not catchable). */
export function listenerFailed(
  rt: ListenerRuntime,
  inst: Instance,
  message: string,
  errorCode: string | undefined,
): void {
  const progress = inst.listener as ListenerProgress;
  const def = listenersOf(rt.graph, inst, progress.eventType)[progress.index];
  const what = `${progress.eventType} execution listener '${def?.type ?? '?'}' of ${inst.elementId}`;
  const { jobKey: _done, ...waiting } = progress;
  inst.listener = waiting;
  if (errorCode)
    rt.incident(
      inst,
      `${what} threw BPMN error '${errorCode}' (${message}): errors of execution listeners cannot be caught`,
      'LISTENER_BPMN_ERROR',
    );
  else rt.incident(inst, `${what}: retries exhausted: ${message}`, 'LISTENER_FAILED');
}

/** retryIncident on an element waiting for its listeners: the current listener's job again. */
export function retryListener(rt: ListenerRuntime, inst: Instance): void {
  rt.guardListener(inst, () => runCurrent(rt, inst));
}

/** The element is terminated while a listener job runs: nobody may answer that job any more. */
export function cancelListener(rt: EngineOps, inst: Instance): void {
  const key = inst.listener?.jobKey;
  if (key) rt.emit({ type: 'cancelListenerJob', key, elementKey: inst.key, elementId: inst.elementId });
}
