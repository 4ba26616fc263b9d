import type { ReceiveTaskNode } from '../../graph.types';
import { isFeel } from '../../feel/feel';
import type { ElementHandler } from '../../engine/engine.types';
import { EngineIncident } from '../../engine/engine-incident';

// Subscribes like an intermediate message catch event (name and correlation key are read with its input mappings
// applied); the runtime completes it when messageReceived arrives. Boundary events wait beside it.
export const receiveTaskHandler: ElementHandler<ReceiveTaskNode> = {
  enter(ops, inst, node) {
    const name = isFeel(node.messageName) ? ops.value(inst.key, node.messageName) : node.messageName;
    if (typeof name !== 'string' || name === '')
      throw new EngineIncident(
        `the message name of ${node.id} evaluated to ${JSON.stringify(name)}, not a message name`,
      );
    ops.armMessage(inst, name, node.correlationKey, inst.key);
  },
};
