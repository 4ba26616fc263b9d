import type { BoundaryEventNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';

// A boundary event instance exists only once its trigger fired (the waiting part is a runtime trigger).
export const boundaryEventHandler: ElementHandler<BoundaryEventNode> = {
  enter(ops, inst) {
    ops.completeElement(inst, {});
  },
};
