import type { LinkEventNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';

// A link throw's only outgoing flow is the one the compiler added to its catch; a catch leaves by its flows.
export const linkEventHandler: ElementHandler<LinkEventNode> = {
  enter(ops, inst, node) {
    ops.leave(inst, node.outgoing);
  },
};
