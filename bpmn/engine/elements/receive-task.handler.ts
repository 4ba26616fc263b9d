import type { ReceiveTaskNode } from '../../graph.types';
import type { ElementHandler } from '../engine.types';

// Subscribes like an intermediate message catch event (the correlation key is read with its input mappings
// applied); the runtime completes it when messageReceived arrives. Boundary events wait beside it.
export const receiveTaskHandler: ElementHandler<ReceiveTaskNode> = {
  enter(ops, inst, node) {
    ops.armMessage(inst, node.messageName, node.correlationKey, inst.key);
  },
};
