import type { IntermediateCatchEventNode } from '../../graph.types';
import type { ElementHandler } from '../engine.types';
import { armSignal } from './signal';

// Waits for its timer or message; the runtime completes it when timerFired / messageReceived arrives.
export const intermediateCatchEventHandler: ElementHandler<IntermediateCatchEventNode> = {
  enter(ops, inst, node) {
    const def = node.eventDefinition;
    if (def.kind === 'timer') ops.armTimer(inst, def.timer, inst.key);
    else if (def.kind === 'message') ops.armMessage(inst, def.messageName, def.correlationKey, inst.key);
    else if (def.kind === 'signal') armSignal(ops, inst, def.signalName);
  },
};
