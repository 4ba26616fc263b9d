// Where a thrown error or escalation is caught (Camunda 8 rules): from the throwing instance up through its
// scopes; at each level the scope's own event subprocesses first, then the boundary events of the scope itself;
// an exact code before a catch-all.
import type { BoundaryEventNode, EventDefinition, EventSubProcessNode } from '../../graph.types';
import type { EngineOps, Instance } from '../../engine/engine.types';

export type CatchKind = 'error' | 'escalation';

export type Catcher =
  | { type: 'boundary'; node: BoundaryEventNode; carrier: Instance }
  | { type: 'eventSubProcess'; node: EventSubProcessNode; trigger: Instance };

function codeOf(def: EventDefinition, kind: CatchKind): string | undefined | null {
  if (def.kind !== kind) return null;
  return def.kind === 'error' ? def.errorCode : def.kind === 'escalation' ? def.escalationCode : null;
}

/** exact code first, then a catch-all (no code) */
function pick<T>(items: T[], defOf: (t: T) => EventDefinition, kind: CatchKind, code: string): T | undefined {
  const codes = items.map((t) => codeOf(defOf(t), kind));
  const exact = codes.findIndex((c) => c === code);
  if (exact >= 0) return items[exact];
  const any = codes.findIndex((c) => c === undefined || c === '');
  return any >= 0 ? items[any] : undefined;
}

export function findCatcher(
  ops: EngineOps,
  fromKey: string,
  kind: CatchKind,
  code: string,
): Catcher | undefined {
  for (let cur = ops.inst(fromKey); cur; cur = ops.inst(cur.parent)) {
    const triggers = ops
      .children(cur.key)
      .filter((t) => t.type === 'trigger' && t.esp)
      .map((t) => ({ t, node: ops.graph.nodes[t.elementId] }))
      .filter((x): x is { t: Instance; node: EventSubProcessNode } => x.node?.kind === 'eventSubProcess');
    const esp = pick(triggers, (x) => x.node.trigger, kind, code);
    if (esp) return { type: 'eventSubProcess', node: esp.node, trigger: esp.t };
    const node = ops.graph.nodes[cur.elementId];
    const canCarry = (cur.type === 'element' && !cur.inner) || cur.type === 'mi-body';
    if (!canCarry || !node || !('boundaryEvents' in node)) continue;
    const boundaries = node.boundaryEvents
      .map((b) => ops.graph.nodes[b])
      .filter((b): b is BoundaryEventNode => b?.kind === 'boundaryEvent');
    const boundary = pick(boundaries, (b) => b.eventDefinition, kind, code);
    if (boundary) return { type: 'boundary', node: boundary, carrier: cur };
  }
  return undefined;
}

/**
 * Throws an escalation from a throw or end event instance. Returns true when an interrupting catcher took over
 * (the thrower is gone); false when the thrower continues (caught non-interrupting, or not caught: no incident).
 */
export function throwEscalation(ops: EngineOps, thrower: Instance, code: string): boolean {
  return escalate(ops, thrower, thrower.parent ?? '', code);
}

/** A called case's uncaught escalation, at its call activity: the activity's own boundaries first, then upwards. */
export function escalateFromChild(ops: EngineOps, callActivity: Instance, code: string): void {
  escalate(ops, callActivity, callActivity.key, code);
}

function escalate(ops: EngineOps, thrower: Instance, fromKey: string, code: string): boolean {
  const catcher = findCatcher(ops, fromKey, 'escalation', code);
  ops.history('escalation-thrown', thrower, {
    escalationCode: code,
    caughtBy: catcher ? catcher.node.id : null,
  });
  if (!catcher) {
    // not caught in this case: a called case hands it to its parent (the shell ignores it otherwise)
    ops.emit({
      type: 'escalateToParent',
      key: thrower.key,
      elementId: thrower.elementId,
      escalationCode: code,
    });
    return false;
  }
  if (catcher.type === 'boundary') {
    const scopeKey = catcher.carrier.parent ?? '';
    if (catcher.node.interrupting) {
      ops.terminate(catcher.carrier.key);
      ops.fireCatch(catcher.node.id, scopeKey, {});
      return true;
    }
    ops.fireCatch(catcher.node.id, scopeKey, {});
    return false;
  }
  ops.startEventSubProcess(catcher.trigger, {});
  return catcher.node.interrupting;
}
