import type { ManualTaskNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';

// Undefined and manual tasks do nothing in Zeebe: input/output mappings apply and the token moves on.
export const manualTaskHandler: ElementHandler<ManualTaskNode> = {
  enter(ops, inst) {
    ops.completeElement(inst, {});
  },
};
