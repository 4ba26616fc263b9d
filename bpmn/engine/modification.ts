// Process-instance modification (Camunda 8's activateInstructions / terminateInstructions): an administrator moves a
// stuck case by activating elements and terminating element instances. Validated in full before anything changes
// (the workflow's update validator runs the same check), then applied in one engine step.
import type { FlowNode, ProcessGraph } from '../graph.types';
import type { EngineState, Instance, Variables } from './engine.types';

export interface VariableInstruction {
  variables: Variables;
  /** element id of the scope the variables are set in: the process (default) or a scope enclosing the element */
  scopeId?: string;
}

export interface ActivateInstruction {
  elementId: string;
  /** the instance of the element's flow scope to activate it in (needed when that scope runs more than once) */
  ancestorElementInstanceKey?: string;
  variableInstructions?: VariableInstruction[];
}

export interface TerminateInstruction {
  elementInstanceKey: string;
}

export interface Modification {
  activateInstructions?: ActivateInstruction[];
  terminateInstructions?: TerminateInstruction[];
}

export type ModificationRefusal =
  | 'MODIFICATION_EMPTY'
  | 'ELEMENT_NOT_FOUND'
  | 'ELEMENT_NOT_ACTIVATABLE'
  | 'SCOPE_NOT_ACTIVE'
  | 'SCOPE_AMBIGUOUS'
  | 'ANCESTOR_INVALID'
  | 'VARIABLE_SCOPE_INVALID'
  | 'ELEMENT_INSTANCE_NOT_FOUND'
  | 'ELEMENT_INSTANCE_NOT_TERMINABLE';

/** Resolved instructions: where each activation goes and which instance each variable set lands on. */
export interface ModificationPlan {
  activations: { elementId: string; scopeKey: string; sets: { targetKey: string; variables: Variables }[] }[];
  terminations: string[];
}

export type ModificationVerdict =
  | { ok: true; plan: ModificationPlan }
  | { ok: false; reason: ModificationRefusal; message: string; elementId?: string };

const refuse = (
  reason: ModificationRefusal,
  message: string,
  elementId?: string,
): Extract<ModificationVerdict, { ok: false }> => ({
  ok: false,
  reason,
  message,
  ...(elementId === undefined ? {} : { elementId }),
});

/** Why an element cannot take a new token, or null when it can. */
function notActivatable(graph: ProcessGraph, node: FlowNode): string | null {
  switch (node.kind) {
    case 'startEvent':
      return 'a start event';
    case 'boundaryEvent':
      return 'a boundary event';
    case 'eventSubProcess':
      return 'an event subprocess (it starts by its event)';
    case 'parallelGateway':
    case 'inclusiveGateway':
      return node.incoming.length > 1 ? 'a joining gateway' : null;
    case 'intermediateCatchEvent':
      return node.incoming.some(
        (f) => graph.nodes[graph.flows[f]?.source ?? '']?.kind === 'eventBasedGateway',
      )
        ? 'an event after an event-based gateway'
        : null;
    default:
      return null;
  }
}

/** Instances that are live scopes of `scopeId` (the process itself, or an element instance of a subprocess). */
function scopeInstances(graph: ProcessGraph, state: EngineState, scopeId: string): Instance[] {
  if (scopeId === graph.processId) {
    const root = state.instances[state.rootKey];
    return root ? [root] : [];
  }
  return Object.values(state.instances).filter((i) => i.elementId === scopeId && i.type === 'element');
}

function within(state: EngineState, key: string, ancestors: Set<string>): boolean {
  for (let cur = state.instances[key]; cur; cur = state.instances[cur.parent ?? '']) {
    if (ancestors.has(cur.key)) return true;
  }
  return false;
}

/** Pure check of a modification against the current state; nothing is changed. */
export function validateModification(
  graph: ProcessGraph,
  state: EngineState,
  mod: Modification,
): ModificationVerdict {
  const activate = mod.activateInstructions ?? [];
  const terminate = mod.terminateInstructions ?? [];
  if (activate.length + terminate.length === 0)
    return refuse('MODIFICATION_EMPTY', 'a modification needs at least one instruction');

  const terminations: string[] = [];
  for (const t of terminate) {
    const inst = state.instances[t.elementInstanceKey];
    if (!inst || (inst.type !== 'element' && inst.type !== 'mi-body'))
      return refuse(
        'ELEMENT_INSTANCE_NOT_FOUND',
        `no active element instance ${t.elementInstanceKey}`,
        inst?.elementId,
      );
    // one instance of a multi-instance activity: terminate the whole activity (its body) instead
    if (inst.inner)
      return refuse(
        'ELEMENT_INSTANCE_NOT_TERMINABLE',
        `instance ${inst.key} is one of the parallel instances of ${inst.elementId}; terminate the whole activity`,
        inst.elementId,
      );
    if (!terminations.includes(inst.key)) terminations.push(inst.key);
  }
  const terminated = new Set(terminations);

  const activations: ModificationPlan['activations'] = [];
  for (const a of activate) {
    const node = graph.nodes[a.elementId];
    if (!node) {
      if (graph.flows[a.elementId])
        return refuse('ELEMENT_NOT_ACTIVATABLE', `${a.elementId} is a sequence flow`, a.elementId);
      return refuse('ELEMENT_NOT_FOUND', `the process has no element ${a.elementId}`, a.elementId);
    }
    const why = notActivatable(graph, node);
    if (why) return refuse('ELEMENT_NOT_ACTIVATABLE', `${a.elementId} is ${why}`, a.elementId);

    let scope: Instance | undefined;
    if (a.ancestorElementInstanceKey !== undefined) {
      scope = state.instances[a.ancestorElementInstanceKey];
      const fits =
        scope !== undefined &&
        scope.elementId === node.scope &&
        (scope.type === 'element' || scope.type === 'process');
      if (!fits)
        return refuse(
          'ANCESTOR_INVALID',
          `${a.ancestorElementInstanceKey} is not an active instance of ${node.scope}, the scope of ${a.elementId}`,
          a.elementId,
        );
    } else {
      const candidates = scopeInstances(graph, state, node.scope);
      if (candidates.length === 0)
        return refuse(
          'SCOPE_NOT_ACTIVE',
          `${a.elementId} lies inside ${node.scope}, which is not active`,
          a.elementId,
        );
      if (candidates.length > 1)
        return refuse(
          'SCOPE_AMBIGUOUS',
          `${node.scope} runs ${candidates.length} times; name one with ancestorElementInstanceKey`,
          a.elementId,
        );
      scope = candidates[0];
    }
    const scopeKey = (scope as Instance).key;
    if (within(state, scopeKey, terminated))
      return refuse(
        'SCOPE_NOT_ACTIVE',
        `${a.elementId} would be activated in a scope this modification terminates`,
        a.elementId,
      );

    const sets: ModificationPlan['activations'][number]['sets'] = [];
    for (const v of a.variableInstructions ?? []) {
      let target: Instance | undefined;
      if (v.scopeId === undefined || v.scopeId === graph.processId) target = state.instances[state.rootKey];
      else
        for (let cur = state.instances[scopeKey]; cur; cur = state.instances[cur.parent ?? ''])
          if (cur.elementId === v.scopeId && cur.type === 'element') {
            target = cur;
            break;
          }
      if (!target)
        return refuse(
          'VARIABLE_SCOPE_INVALID',
          `${v.scopeId ?? ''} is not the process or a scope enclosing ${a.elementId}`,
          v.scopeId,
        );
      sets.push({ targetKey: target.key, variables: v.variables });
    }
    activations.push({ elementId: a.elementId, scopeKey, sets });
  }
  return { ok: true, plan: { activations, terminations } };
}

/** What a modification does, by element id and variable name (the case-modified history row). */
export function modificationSummary(
  state: EngineState,
  plan: ModificationPlan,
): { activated: string[]; terminated: string[]; variables: string[] } {
  const names = new Set<string>();
  for (const a of plan.activations)
    for (const set of a.sets) for (const n of Object.keys(set.variables)) names.add(n);
  return {
    activated: plan.activations.map((a) => a.elementId),
    terminated: plan.terminations.map((k) => state.instances[k]?.elementId ?? k),
    variables: [...names].sort(),
  };
}
