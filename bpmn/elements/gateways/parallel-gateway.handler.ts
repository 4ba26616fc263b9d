import type { ParallelGatewayNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';

// Fork side only; joining (counting tokens per incoming flow) is done by the runtime.
export const parallelGatewayHandler: ElementHandler<ParallelGatewayNode> = {
  enter(ops, inst, node) {
    ops.leave(inst, node.outgoing);
  },
};
