// io mappings of none and escalation throw / end events (as in Zeebe): inputs become the event's local variables
// on entering (later inputs see earlier ones); outputs are written to the enclosing scope as it leaves.
import type { EndEventNode, IntermediateThrowEventNode } from '../../graph.types';
import type { EngineOps, Instance, Variables } from '../../engine/engine.types';

export function applyThrowInputs(
  ops: EngineOps,
  inst: Instance,
  node: IntermediateThrowEventNode | EndEventNode,
): void {
  if (!node.inputs?.length) return;
  const mapped: Variables = {};
  for (const m of node.inputs) mapped[m.target] = ops.value(inst.key, m.source, mapped);
  inst.vars = { ...(inst.vars ?? {}), ...mapped };
}

/** Leaves by `flows`; with outputs, through completeElement (which maps them; its flows are the node's outgoing). */
export function leaveThrow(
  ops: EngineOps,
  inst: Instance,
  node: IntermediateThrowEventNode | EndEventNode,
  flows: string[],
): void {
  if (node.outputs?.length) ops.completeElement(inst);
  else ops.leave(inst, flows);
}
