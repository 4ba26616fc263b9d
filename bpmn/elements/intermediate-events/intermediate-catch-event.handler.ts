import type { IntermediateCatchEventNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';
import { armSignal } from '../signal/signal.engine';

// Waits for its timer or message; the runtime completes it when timerFired / messageReceived arrives.
export const intermediateCatchEventHandler: ElementHandler<IntermediateCatchEventNode> = {
  enter(ops, inst, node) {
    // input mappings (issue 15; graphs without them are untouched): local variables, later inputs see earlier ones
    if (node.inputs?.length) {
      const mapped: Record<string, unknown> = {};
      for (const m of node.inputs) mapped[m.target] = ops.value(inst.key, m.source, mapped);
      inst.vars = { ...(inst.vars ?? {}), ...mapped };
    }
    const def = node.eventDefinition;
    if (def.kind === 'timer') ops.armTimer(inst, def.timer, inst.key);
    else if (def.kind === 'message') ops.armMessage(inst, def.messageName, def.correlationKey, inst.key);
    else if (def.kind === 'signal') armSignal(ops, inst, def.signalName);
  },
};
