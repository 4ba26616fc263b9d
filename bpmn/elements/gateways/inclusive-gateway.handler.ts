import type { InclusiveGatewayNode } from '../../graph.types';
import { stripEquals } from '../../feel/feel';
import type { ElementHandler } from '../../engine/engine.types';

// Fork side only; the join (several incoming flows) is done by the runtime before the gateway is entered.
export const inclusiveGatewayHandler: ElementHandler<InclusiveGatewayNode> = {
  enter(ops, inst, node) {
    // no outgoing flow: an implicit end, as in Zeebe (graphs from before issue 15 always have one)
    if (node.outgoing.length === 0) return ops.leave(inst, []);
    const taken = node.outgoing.filter((fid) => {
      const cond = ops.graph.flows[fid]?.condition;
      if (cond === undefined) return fid !== node.default;
      return ops.feel(inst.key, stripEquals(cond)) === true;
    });
    if (taken.length) return ops.leave(inst, taken);
    if (node.default) return ops.leave(inst, [node.default]);
    ops.incident(
      inst,
      `no outgoing flow of inclusive gateway ${node.id} matched and there is no default flow`,
    );
  },
};
