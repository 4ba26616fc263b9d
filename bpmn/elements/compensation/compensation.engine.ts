// Compensation (Camunda 8.5+). An activity with a compensation boundary event leaves a record when it completes
// (a multi-instance activity once, when its body completes; an activity completed twice, twice). A completed
// scope (subprocess, multi-instance body or instance) that holds records leaves a record too, so a throw in an
// outer scope reaches them; a terminated scope drops its records. A compensation throw or end event starts the
// handlers of the records of its scope (in an event subprocess: and of the scope around it), or only those of its
// activityRef (a subprocess: with what completed inside it), and waits until they are done: each handler runs as
// its child after its boundary event is passed, so the runtime completes the thrower when the last one completes.
// Zeebe starts all handlers at once in no set order; we start them in reverse order of completion (deterministic,
// and what BPMN asks for). Each record is used once.
// Graphs without compensation never write `state.compensations`, so existing cases behave and replay as before.
import type { EventDefinition, ProcessGraph } from '../../graph.types';
import type { CompensationRecord, EngineOps, Instance } from '../../engine/engine.types';

const compensable = new WeakMap<ProcessGraph, boolean>();

function usesCompensation(graph: ProcessGraph): boolean {
  let known = compensable.get(graph);
  if (known === undefined) {
    known = Object.values(graph.nodes).some(
      (n) => n.kind === 'boundaryEvent' && n.eventDefinition.kind === 'compensation',
    );
    compensable.set(graph, known);
  }
  return known;
}

/** The compensation boundary event of `elementId` and its handler, if it has one. */
function compensationOf(
  graph: ProcessGraph,
  elementId: string,
): { boundary: string; handler: string } | undefined {
  const node = graph.nodes[elementId];
  if (!node || !('boundaryEvents' in node)) return undefined;
  for (const b of node.boundaryEvents) {
    const boundary = graph.nodes[b];
    if (boundary?.kind === 'boundaryEvent' && boundary.compensationHandler)
      return { boundary: b, handler: boundary.compensationHandler };
  }
  return undefined;
}

/** An instance completed (not terminated): record it if it can be compensated or holds records. */
export function recordCompletion(ops: EngineOps, inst: Instance): void {
  if (!usesCompensation(ops.graph) || inst.parent === null) return;
  const records = ops.state.compensations ?? [];
  const added: CompensationRecord[] = [];
  // an inner instance of a multi-instance activity: its body carries the boundary event
  const handler = inst.inner ? undefined : compensationOf(ops.graph, inst.elementId)?.handler;
  if (handler) added.push({ key: inst.key, elementId: inst.elementId, scope: inst.parent, handler });
  if (records.some((r) => r.scope === inst.key))
    added.push({ key: inst.key, elementId: inst.elementId, scope: inst.parent });
  if (added.length) ops.state.compensations = [...records, ...added];
}

/** An instance was terminated: the compensations of what completed inside it are gone with it. */
export function dropCompensations(ops: EngineOps, key: string): void {
  const records = ops.state.compensations;
  if (!records?.length) return;
  const gone = new Set([key]);
  // records come after the records they hold, so one backward pass finds every level
  for (let i = records.length - 1; i >= 0; i -= 1) {
    const r = records[i] as CompensationRecord;
    if (gone.has(r.scope)) gone.add(r.key);
  }
  const kept = records.filter((r) => !gone.has(r.scope));
  if (kept.length !== records.length) ops.state.compensations = kept;
}

/**
 * The records a throw in scopes `roots` compensates, latest completion first: with `activityRef`, those of that
 * activity (a subprocess: its own handler and what completed inside it, as in Zeebe).
 */
function select(records: CompensationRecord[], roots: string[], activityRef?: string): CompensationRecord[] {
  const scopes = new Set(roots);
  const chosen: CompensationRecord[] = [];
  // completed scopes come after what completed inside them: walking backwards meets a scope before its content
  for (let i = records.length - 1; i >= 0; i -= 1) {
    const r = records[i] as CompensationRecord;
    if (!scopes.has(r.scope)) continue;
    if (activityRef !== undefined && roots.includes(r.scope) && r.elementId !== activityRef) continue;
    if (r.handler) chosen.push(r);
    else scopes.add(r.key);
  }
  return chosen;
}

/**
 * A compensation throw or end event: starts the handlers and returns true (the thrower waits for them), or false
 * when there is nothing to compensate (the thrower goes on at once).
 */
export function throwCompensation(
  ops: EngineOps,
  thrower: Instance,
  def: Extract<EventDefinition, { kind: 'compensation' }>,
): boolean {
  const parent = ops.inst(thrower.parent);
  // in an event subprocess: its own completed activities and those of the scope around it (as in Zeebe)
  const inEventSubProcess = parent && ops.graph.nodes[parent.elementId]?.kind === 'eventSubProcess';
  const roots = [thrower.parent ?? '', ...(inEventSubProcess && parent.parent ? [parent.parent] : [])];
  const records = ops.state.compensations ?? [];
  const chosen = select(records, roots, def.activityRef);
  ops.history('compensation-thrown', thrower, {
    ...(def.activityRef !== undefined ? { activityRef: def.activityRef } : {}),
    handlers: chosen.map((r) => ({ handler: r.handler, compensates: r.elementId })),
  });
  if (chosen.length === 0) return false;
  const used = new Set(chosen);
  const remaining = records.filter((r) => !used.has(r));
  if (remaining.length) ops.state.compensations = prune(remaining);
  else delete ops.state.compensations;
  for (const r of chosen) {
    // as in Zeebe, the compensation boundary event is passed (activated and completed), then its handler runs
    const boundary = compensationOf(ops.graph, r.elementId)?.boundary;
    if (boundary) ops.fireCatch(boundary, thrower.key, {});
    ops.activate(r.handler as string, thrower.key);
  }
  return true;
}

/** Drops completed scopes left with nothing to compensate inside them. */
function prune(records: CompensationRecord[]): CompensationRecord[] {
  const live = new Set<string>();
  // what completed inside a scope comes before the scope's record
  return records.filter((r) => {
    if (!r.handler && !live.has(r.key)) return false;
    live.add(r.scope);
    return true;
  });
}
