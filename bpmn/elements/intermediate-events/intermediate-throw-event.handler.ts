import type { IntermediateThrowEventNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';
import { throwCompensation } from '../compensation/compensation.engine';
import { escalationCodeOf } from '../escalation/escalation.engine';
import { throwEscalation } from '../boundary-event/event-catching.engine';
import { broadcastSignal } from '../signal/signal.engine';
import { applyThrowInputs, leaveThrow } from './throw-event-io.engine';

// None: passes through. Escalation: thrown to the enclosing scopes; the event goes on unless an interrupting
// catcher ended its scope (Camunda 8: an uncaught escalation is no incident).
export const intermediateThrowEventHandler: ElementHandler<IntermediateThrowEventNode> = {
  enter(ops, inst, node) {
    applyThrowInputs(ops, inst, node);
    const def = node.eventDefinition;
    // compensation: waits for the handlers it started (their completion completes it)
    if (def?.kind === 'compensation' && throwCompensation(ops, inst, def)) return;
    if (def?.kind === 'escalation') {
      if (throwEscalation(ops, inst, escalationCodeOf(ops, inst, def))) return;
    }
    if (def?.kind === 'signal') broadcastSignal(ops, inst, def);
    leaveThrow(ops, inst, node, node.outgoing);
  },
};
