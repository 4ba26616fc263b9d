import type { StartEventNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';

// A start event is reached only when its scope starts (or its event subprocess was triggered): pass on at once.
export const startEventHandler: ElementHandler<StartEventNode> = {
  enter(ops, inst, node) {
    ops.leave(inst, node.outgoing);
  },
};
