// Compile rules of the gateways: exclusive and inclusive (conditions on their outgoing flows, a default flow),
// parallel, event-based (leads to catch events only; instantiating ones are refused). Inclusive joins get, per
// incoming flow, the elements upstream of it in the scope: the engine fires the join once none of them holds a token.
import type { FlowNode, SequenceFlow } from '../../graph.types';
import type { ElementCompileContext, GraphCheckContext, NodeBase } from '../../compile/compile-context';
import { type Mod, mod } from '../../compile/moddle-read';

export function gateway(el: Mod, base: NodeBase, ctx: ElementCompileContext): FlowNode | undefined {
  ctx.checkExtensions(el, []);
  switch (el.$type) {
    case 'bpmn:ExclusiveGateway':
      return { ...base, kind: 'exclusiveGateway', default: mod(el.default)?.id };
    case 'bpmn:InclusiveGateway':
      return { ...base, kind: 'inclusiveGateway', default: mod(el.default)?.id, upstream: {} };
    case 'bpmn:ParallelGateway':
      return { ...base, kind: 'parallelGateway' };
    case 'bpmn:EventBasedGateway':
      if (el.instantiate === true) ctx.err(base.id, 'instantiating event-based gateways are not supported');
      return { ...base, kind: 'eventBasedGateway' };
    default:
      return undefined;
  }
}

/**
 * The flows leaving a node (after wiring): conditions only after exclusive/inclusive gateways, where every flow
 * but the default needs one; an event-based gateway's flows lead to catch events with one incoming flow.
 */
export function checkOutgoingFlows(node: FlowNode, g: GraphCheckContext): void {
  const id = node.id;
  const conditional = node.outgoing
    .map((f) => g.flows[f] as SequenceFlow)
    .filter((f) => f.condition !== undefined);
  if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') {
    if (node.default && !node.outgoing.includes(node.default))
      g.err(id, `default flow ${node.default} is not an outgoing flow of ${id}`);
    if (node.outgoing.length > 1) {
      for (const fid of node.outgoing) {
        const f = g.flows[fid] as SequenceFlow;
        if (f.condition === undefined && fid !== node.default)
          g.err(fid, `flow ${fid} leaves ${node.kind} ${id} without a condition and is not the default flow`);
        if (f.condition !== undefined && fid === node.default) {
          delete f.condition;
          g.warn(fid, `the condition of default flow ${fid} is ignored (as in Zeebe)`);
        }
      }
    }
    // no outgoing flow: an implicit end, as in Zeebe
  } else if (conditional.length) {
    for (const f of conditional)
      g.err(f.id, `conditional flow ${f.id} is only supported after exclusive or inclusive gateways`);
  }
  if (node.kind === 'eventBasedGateway') {
    if (node.outgoing.length < 2) g.err(id, 'an event-based gateway needs at least two outgoing flows');
    for (const fid of node.outgoing) {
      const target = g.nodes[(g.flows[fid] as SequenceFlow).target];
      if (!target && g.isElement((g.flows[fid] as SequenceFlow).target)) continue; // rejected
      if (!target || target.kind !== 'intermediateCatchEvent')
        g.err(fid, 'an event-based gateway may only lead to timer or message catch events');
      else if (target.incoming.length > 1)
        g.err(target.id, 'a catch event after an event-based gateway must have one incoming flow');
      else if (target.inputs?.length)
        g.err(target.id, 'input mappings on a catch event after an event-based gateway are not supported');
    }
  }
}

/** Sets every inclusive gateway's upstream sets (once all flows are wired). */
export function resolveInclusiveUpstream(g: GraphCheckContext): void {
  for (const node of Object.values(g.nodes)) {
    if (node.kind === 'inclusiveGateway') node.upstream = upstream(g, node.id);
  }
}

/** Predecessor edges within a scope; a boundary event's predecessor is its host. */
function predecessors(g: GraphCheckContext, id: string): string[] {
  const node = g.nodes[id];
  if (!node) return [];
  const preds = node.incoming.map((f) => (g.flows[f] as SequenceFlow).source);
  if (node.kind === 'boundaryEvent') preds.push(node.attachedTo);
  return preds;
}

function upstream(g: GraphCheckContext, gatewayId: string): Record<string, string[]> {
  const gw = g.nodes[gatewayId] as FlowNode;
  const result: Record<string, string[]> = {};
  for (const fid of gw.incoming) {
    const seen = new Set<string>();
    const stack = [(g.flows[fid] as SequenceFlow).source];
    while (stack.length) {
      const cur = stack.pop() as string;
      if (cur === gatewayId || seen.has(cur)) continue;
      seen.add(cur);
      stack.push(...predecessors(g, cur));
    }
    result[fid] = [...seen].sort();
  }
  return result;
}
