import type { EndEventNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';
import { throwCompensation } from '../compensation/compensation.engine';
import { escalationCodeOf } from '../escalation/escalation.engine';
import { throwEscalation } from '../boundary-event/event-catching.engine';
import { broadcastSignal } from '../signal/signal.engine';
import { applyThrowInputs, leaveThrow } from '../intermediate-events/throw-event-io.engine';

export const endEventHandler: ElementHandler<EndEventNode> = {
  enter(ops, inst, node) {
    const def = node.eventDefinition;
    if (node.outcome !== undefined) ops.state.outcome = node.outcome;
    if (def?.kind === 'terminate') {
      ops.history('element-completed', inst);
      ops.terminateCase('terminate end event', node.id);
      return;
    }
    if (def?.kind === 'error') {
      // the end event instance stays until the error is caught; unhandled, it carries the incident
      ops.throwError(inst.key, def.errorCode ?? '', `error end event ${node.id}`);
      return;
    }
    applyThrowInputs(ops, inst, node);
    // compensation: waits for the handlers it started (their completion completes it)
    if (def?.kind === 'compensation' && throwCompensation(ops, inst, def)) return;
    // an escalation end event ends its path like a none end event unless an interrupting catcher took over
    if (def?.kind === 'escalation' && throwEscalation(ops, inst, escalationCodeOf(ops, inst, def))) return;
    if (def?.kind === 'signal') broadcastSignal(ops, inst, def);
    leaveThrow(ops, inst, node, []);
  },
};
