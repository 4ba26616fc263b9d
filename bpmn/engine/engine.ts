// Public face of the pure interpreter: step(graph, state, event) → { state, effects }.
// Deterministic: no clock, no randomness, no I/O; state is plain JSON.
import { type FieldProblem, problemsCode, validateWrites } from '../forms/form-validation';
import type { ProcessGraph } from '../graph.types';
import type {
  EngineEvent,
  EngineState,
  Incident,
  Instance,
  RejectReason,
  StepResult,
  TimerSpec,
  Variables,
} from './engine.types';
import { modificationSummary, validateModification } from './modification';
import { escalateFromChild } from '../elements/boundary-event/event-catching.engine';
import { isSignalSubscription } from '../elements/signal/signal.engine';
import {
  listenerCompleted,
  listenerFailed,
  listenerInstance,
} from '../elements/execution-listeners/execution-listeners.engine';
import { Runtime } from './runtime';

export function initialState(graph: ProcessGraph): EngineState {
  return {
    stateVersion: 1,
    processId: graph.processId,
    status: 'new',
    nextKey: 1,
    rootKey: '',
    instances: {},
    completedBy: {},
    incidents: {},
  };
}

/** Deep copy of JSON data (faster than a JSON round trip; undefined properties are dropped the same way). */
function clone<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = value[i] === undefined ? null : copy(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = copy(v);
  }
  return out;
}

export interface CompletingUser {
  username: string;
  affiliation?: string | null;
}

export type ValidationResult =
  { ok: true } | { ok: false; reason: RejectReason; message: string; details?: FieldProblem[] };

export interface CompletionOptions {
  /** check what the completion writes against the step's form / rf:writes (workflows patched for it) */
  checkWrites?: boolean;
}

function openTask(state: EngineState, key: string) {
  const inst = state.instances[key];
  return inst?.type === 'element' && inst.task ? inst : undefined;
}

/** May this user claim the task? (conflict of interest applies to claiming as well as completing) */
export function validateClaim(
  _graph: ProcessGraph,
  state: EngineState,
  key: string,
  user: CompletingUser,
): ValidationResult {
  const inst = openTask(state, key);
  if (!inst?.task || (state.status !== 'active' && state.status !== 'failed'))
    return { ok: false, reason: 'TASK_NOT_OPEN', message: `task ${key} is not open` };
  const excluded = inst.task.excludeAffiliation;
  if (
    excluded !== undefined &&
    user.affiliation !== undefined &&
    user.affiliation !== null &&
    user.affiliation === excluded
  )
    return {
      ok: false,
      reason: 'CONFLICT_OF_INTEREST',
      message: `users of affiliation ${excluded} may not act on task ${inst.elementId}`,
    };
  return { ok: true };
}

/** The completeTask update validator: pure, so the workflow can reject before anything is written. */
export function validateCompletion(
  graph: ProcessGraph,
  state: EngineState,
  key: string,
  user: CompletingUser,
  variables: Variables = {},
  options: CompletionOptions = {},
): ValidationResult {
  const claim = validateClaim(graph, state, key, user);
  if (!claim.ok) return claim;
  const task = (openTask(state, key) as NonNullable<ReturnType<typeof openTask>>).task as NonNullable<
    ReturnType<typeof openTask>
  >['task'] &
    object;
  const elementId = state.instances[key]?.elementId ?? '';
  for (const other of task.distinctFrom) {
    if ((state.completedBy[other] ?? []).includes(user.username))
      return {
        ok: false,
        reason: 'FOUR_EYES',
        message: `${user.username} completed ${other} and may not also complete ${elementId}`,
      };
  }
  const node = graph.nodes[elementId];
  if (options.checkWrites && node?.kind === 'userTask') {
    const details = validateWrites({ form: node.form, writes: node.writes }, variables);
    if (details.length)
      return {
        ok: false,
        reason: problemsCode(details),
        message: `task ${elementId}: ${details.map((d) => d.message).join('; ')}`,
        details,
      };
  }
  if (task.decisions) {
    const decision = variables.decision;
    if (decision === undefined || decision === null || decision === '')
      return {
        ok: false,
        reason: 'DECISION_REQUIRED',
        message: `task ${elementId} needs a decision: one of ${task.decisions.join(', ')}`,
      };
    if (typeof decision !== 'string' || !task.decisions.includes(decision))
      return {
        ok: false,
        reason: 'DECISION_NOT_ALLOWED',
        message: `decision ${JSON.stringify(decision)} is not one of ${task.decisions.join(', ')}`,
      };
  }
  return { ok: true };
}

/**
 * Copies every container the runtime mutates in place (instances, their vars/timer/arrivals/mi, the incident and
 * completion maps). Variable values themselves are never mutated in place, so they are shared, not copied.
 */
function prepare(state: EngineState): EngineState {
  const instances: Record<string, Instance> = {};
  for (const key in state.instances) {
    const inst = state.instances[key] as Instance;
    const copyInst: Instance = { ...inst };
    if (inst.vars) copyInst.vars = { ...inst.vars };
    if (inst.timer) copyInst.timer = { ...inst.timer };
    if (inst.arrivals) copyInst.arrivals = { ...inst.arrivals };
    if (inst.mi) copyInst.mi = { ...inst.mi };
    instances[key] = copyInst;
  }
  const completedBy: Record<string, string[]> = {};
  for (const key in state.completedBy) completedBy[key] = [...(state.completedBy[key] as string[])];
  return { ...state, instances, completedBy, incidents: { ...state.incidents } };
}

/** Applies one event. The input state is never mutated. */
export function step(graph: ProcessGraph, state: EngineState, event: EngineEvent): StepResult {
  const next = prepare(state);
  const rt = new Runtime(graph, next);
  const done = (extra: Partial<StepResult> = {}): StepResult => {
    if (next.status === 'active' || next.status === 'failed')
      next.status = Object.keys(next.incidents).length ? 'failed' : 'active';
    return { state: next, effects: rt.effects, ...extra };
  };
  const live = state.status === 'active' || state.status === 'failed';
  if (event.type === 'start') {
    if (state.status !== 'new')
      return {
        state,
        effects: [],
        rejected: { reason: 'CASE_NOT_ACTIVE', message: 'the case has already started' },
      };
    if (event.limits?.maxOpenTasks !== undefined) next.limits = { maxOpenTasks: event.limits.maxOpenTasks };
    // no patch needed for timer starts: graphs with them were refused at deploy before they could run
    const starts = [
      ...(graph.signalStarts ?? []),
      ...(graph.messageStarts ?? []),
      ...(graph.timerStarts ?? []),
    ];
    if (event.startEvent !== undefined && !starts.some((s) => s.elementId === event.startEvent))
      return {
        state,
        effects: [],
        rejected: {
          reason: 'UNKNOWN_KEY',
          message: `${event.startEvent} is not a start event of the process`,
        },
      };
    rt.startCase(event.variables ?? {}, event.startEvent);
    return done();
  }
  if (!live) {
    if (event.type === 'messageReceived') return { state, effects: [], correlated: 0 };
    return {
      state,
      effects: [],
      rejected: {
        reason: event.type === 'taskCompleted' ? 'TASK_NOT_OPEN' : 'CASE_NOT_ACTIVE',
        message: `the case is ${state.status}`,
      },
    };
  }
  switch (event.type) {
    case 'taskCompleted': {
      const verdict = validateCompletion(
        graph,
        state,
        event.key,
        { username: event.by, affiliation: event.affiliation },
        event.variables ?? {},
        { checkWrites: event.checkWrites === true },
      );
      if (!verdict.ok)
        return { state, effects: [], rejected: { reason: verdict.reason, message: verdict.message } };
      const inst = next.instances[event.key];
      if (!inst) break;
      (next.completedBy[inst.elementId] ??= []).push(event.by);
      const decision = event.variables?.decision;
      rt.history('task-completed', inst, { by: event.by, ...(decision === undefined ? {} : { decision }) });
      inst.task = undefined;
      rt.completeElement(inst, event.variables ?? {});
      break;
    }
    case 'serviceTaskCompleted':
    case 'childCompleted': {
      const inst = next.instances[event.key];
      if (!inst || inst.type !== 'element' || inst.incident) return unknownKey(state, event.key);
      const node = graph.nodes[inst.elementId];
      let vars = (event.type === 'serviceTaskCompleted' ? event.result : event.variables) ?? {};
      if (node?.kind === 'callActivity' && !node.propagateAllChildVariables && node.outputs.length === 0)
        vars = {};
      rt.completeElement(inst, vars);
      break;
    }
    case 'serviceTaskFailed':
    case 'childFailed': {
      const inst = next.instances[event.key];
      if (!inst || inst.type !== 'element' || inst.incident) return unknownKey(state, event.key);
      if (event.errorCode) rt.throwError(inst.key, event.errorCode, event.message);
      else
        rt.incident(
          inst,
          event.type === 'childFailed'
            ? `child case failed: ${event.message}`
            : `retries exhausted: ${event.message}`,
        );
      break;
    }
    case 'listenerCompleted':
    case 'listenerFailed': {
      const inst = listenerInstance(next, event.key);
      if (!inst || inst.incident) return unknownKey(state, event.key);
      if (event.type === 'listenerCompleted') listenerCompleted(rt, inst, event.variables ?? {});
      else listenerFailed(rt, inst, event.message, event.errorCode);
      break;
    }
    case 'timerFired': {
      const inst = next.instances[event.key];
      if (!inst?.timer) return unknownKey(state, event.key);
      rt.history('timer-fired', inst);
      rt.fire(inst, {});
      break;
    }
    case 'deadlineComputed': {
      const inst = next.instances[event.key];
      if (!inst) return unknownKey(state, event.key);
      if (inst.timer) inst.timer = { ...inst.timer, dueAt: event.at };
      else inst.dueAt = event.at;
      return done();
    }
    case 'messageReceived': {
      const matches = Object.values(next.instances).filter(
        (i) =>
          i.sub && i.sub.messageName === event.name && i.sub.correlationKey === String(event.correlationKey),
      );
      let correlated = 0;
      for (const m of matches) {
        const live2 = next.instances[m.key];
        if (!live2?.sub) continue;
        correlated += 1;
        rt.history('message-correlated', live2, { name: event.name, correlationKey: event.correlationKey });
        // signals merge all their variables unless the catch event maps them (Camunda 8)
        rt.fire(live2, event.variables ?? {}, event.mappedOnly === true && !isSignalSubscription(event.name));
        rt.drain();
      }
      rt.drain();
      return done({ correlated });
    }
    case 'childEscalated': {
      const inst = next.instances[event.key];
      if (inst?.type !== 'element' || graph.nodes[inst.elementId]?.kind !== 'callActivity')
        return unknownKey(state, event.key);
      escalateFromChild(rt, inst, event.escalationCode);
      break;
    }
    case 'retryIncident': {
      if (!rt.retryIncident(event.incidentKey, event.variables ?? {}))
        return unknownKey(state, event.incidentKey);
      break;
    }
    case 'modify': {
      const verdict = validateModification(graph, state, event.modification);
      if (!verdict.ok)
        return { state, effects: [], rejected: { reason: verdict.reason, message: verdict.message } };
      // first in the history: what the administrator asked for, then what it caused
      rt.history('case-modified', next.instances[next.rootKey], modificationSummary(state, verdict.plan));
      rt.modify(verdict.plan);
      break;
    }
    case 'cancel':
      delete next.outcome; // cancelled, whatever a branch reached before
      rt.terminateCase(event.reason ?? 'cancelled');
      break;
  }
  rt.drain();
  return done();
}

function unknownKey(state: EngineState, key: string): StepResult {
  return {
    state,
    effects: [],
    rejected: { reason: 'UNKNOWN_KEY', message: `no waiting element instance ${key}` },
  };
}

export interface EngineSnapshot {
  status: EngineState['status'];
  activeElements: string[];
  tokens: { key: string; elementId: string; type: string; parent: string | null; incident?: string }[];
  openTasks: { key: string; elementId: string }[];
  variables: Variables;
  incidents: Incident[];
  /** rf:outcome of the end event the case finished at; null while it runs or without one */
  outcome: string | null;
}

/** For the workflow's `state` query. */
export function snapshot(state: EngineState): EngineSnapshot {
  const all = Object.values(state.instances);
  const tokens = all
    .filter((i) => i.type !== 'process' && i.type !== 'trigger')
    .map((i) => ({
      key: i.key,
      elementId: i.elementId,
      type: i.type,
      parent: i.parent,
      ...(i.incident ? { incident: i.incident } : {}),
    }));
  const root = state.instances[state.rootKey];
  return {
    status: state.status,
    activeElements: [...new Set(tokens.map((t) => t.elementId))].sort(),
    tokens,
    openTasks: all.filter((i) => i.task).map((i) => ({ key: i.key, elementId: i.elementId })),
    variables: clone(root?.vars ?? state.endVariables ?? {}),
    incidents: Object.values(state.incidents),
    outcome: state.status === 'completed' || state.status === 'terminated' ? (state.outcome ?? null) : null,
  };
}

export interface PendingWaits {
  timers: { key: string; elementId: string; spec: TimerSpec; dueAt?: string }[];
  subscriptions: { key: string; elementId: string; messageName: string; correlationKey: string }[];
  tasks: { key: string; elementId: string }[];
  jobs: { key: string; elementId: string; taskType: string; retries: number }[];
  children: { key: string; elementId: string; processId: string }[];
}

/**
 * Everything the shell must be waiting on for this state: after continue-as-new (or any restart of the shell's
 * bookkeeping) it re-arms timers, subscriptions, running jobs and child workflows from this list.
 */
export function pendingWaits(graph: ProcessGraph, state: EngineState): PendingWaits {
  const waits: PendingWaits = { timers: [], subscriptions: [], tasks: [], jobs: [], children: [] };
  for (const inst of Object.values(state.instances)) {
    if (inst.timer)
      waits.timers.push({
        key: inst.key,
        elementId: inst.elementId,
        spec: inst.timer.spec,
        ...(inst.timer.dueAt ? { dueAt: inst.timer.dueAt } : {}),
      });
    if (inst.sub) waits.subscriptions.push({ key: inst.key, elementId: inst.elementId, ...inst.sub });
    if (inst.type !== 'element' || inst.incident) continue;
    if (inst.task) waits.tasks.push({ key: inst.key, elementId: inst.elementId });
    if (inst.job) waits.jobs.push({ key: inst.key, elementId: inst.elementId, ...inst.job });
    const node = graph.nodes[inst.elementId];
    if (node?.kind === 'callActivity')
      waits.children.push({ key: inst.key, elementId: inst.elementId, processId: node.processId });
  }
  return waits;
}
