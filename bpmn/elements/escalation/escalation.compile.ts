// Compile rules of escalation events (Camunda 8): throw events (intermediate throw, end) need an escalationRef
// with a code, literal or '=FEEL'; catch events (boundary on a subprocess or call activity, event subprocess
// start) take a literal code, or none to catch every escalation.
import { feelSyntaxError, isFeel, stripEquals } from '../../feel/feel';
import type { EventDefinition } from '../../graph.types';

export type EscalationRole = 'throw' | 'catch';

interface Problems {
  err(elementId: string | undefined, message: string): void;
}

/** escalationRef → definition; problems are reported on the event `id`. */
export function escalationDefinition(
  escalation: { escalationCode?: unknown; [key: string]: unknown } | undefined,
  id: string,
  role: EscalationRole,
  out: Problems,
): Extract<EventDefinition, { kind: 'escalation' }> {
  const raw = typeof escalation?.escalationCode === 'string' ? escalation.escalationCode.trim() : '';
  if (role === 'throw') {
    if (raw === '') out.err(id, 'an escalation throw event needs an escalationRef with an escalationCode');
    else if (isFeel(raw)) {
      const problem = feelSyntaxError(stripEquals(raw));
      if (problem) out.err(id, `escalationCode: ${problem}`);
    }
  } else if (isFeel(raw)) out.err(id, 'the escalationCode of a catching escalation event must be a literal');
  return raw === '' ? { kind: 'escalation' } : { kind: 'escalation', escalationCode: raw };
}

/** Camunda 8: escalation boundary events only on subprocesses and call activities. */
export function checkEscalationBoundaryHost(hostType: string, id: string, out: Problems): void {
  if (
    hostType !== 'bpmn:SubProcess' &&
    hostType !== 'bpmn:AdHocSubProcess' &&
    hostType !== 'bpmn:CallActivity'
  )
    out.err(id, 'an escalation boundary event can only be attached to a subprocess or a call activity');
}
