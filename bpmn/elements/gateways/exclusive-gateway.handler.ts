import type { ExclusiveGatewayNode } from '../../graph.types';
import { stripEquals } from '../../feel/feel';
import type { ElementHandler } from '../../engine/engine.types';

export const exclusiveGatewayHandler: ElementHandler<ExclusiveGatewayNode> = {
  enter(ops, inst, node) {
    // no outgoing flow: an implicit end, as in Zeebe (graphs from before issue 15 always have one)
    if (node.outgoing.length === 0) return ops.leave(inst, []);
    for (const fid of node.outgoing) {
      const cond = ops.graph.flows[fid]?.condition;
      if (cond === undefined) {
        if (fid !== node.default && node.outgoing.length === 1) return ops.leave(inst, [fid]);
        continue;
      }
      if (ops.feel(inst.key, stripEquals(cond)) === true) return ops.leave(inst, [fid]);
    }
    if (node.default) return ops.leave(inst, [node.default]);
    ops.incident(
      inst,
      `no outgoing flow of exclusive gateway ${node.id} matched and there is no default flow`,
    );
  },
};
