import type { EventBasedGatewayNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';
import { armSignal } from '../signal/signal.engine';

// Arms every following catch event as a trigger owned by the gateway; the first to fire wins.
export const eventBasedGatewayHandler: ElementHandler<EventBasedGatewayNode> = {
  enter(ops, inst, node) {
    for (const fid of node.outgoing) {
      const target = ops.graph.nodes[ops.graph.flows[fid]?.target ?? ''];
      if (target?.kind !== 'intermediateCatchEvent') continue;
      const trigger = ops.createTrigger(target.id, inst.parent ?? '', { owner: inst.key });
      const def = target.eventDefinition;
      if (def.kind === 'timer') ops.armTimer(trigger, def.timer, inst.key);
      else if (def.kind === 'message') ops.armMessage(trigger, def.messageName, def.correlationKey, inst.key);
      else if (def.kind === 'signal') armSignal(ops, trigger, def.signalName);
    }
  },
};
