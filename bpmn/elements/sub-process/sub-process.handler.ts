import type { EventSubProcessNode, SubProcessNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';

// An embedded subprocess is a scope: arm its event subprocesses, then start its none start event.
export const subProcessHandler: ElementHandler<SubProcessNode> = {
  enter(ops, inst, node) {
    inst.vars ??= {};
    ops.openScope(inst, node);
  },
};

// The runtime creates an event subprocess instance when its trigger fires.
export const eventSubProcessHandler: ElementHandler<EventSubProcessNode> = {
  enter(ops, inst, node) {
    inst.vars ??= {};
    ops.openScope(inst, node);
  },
};
