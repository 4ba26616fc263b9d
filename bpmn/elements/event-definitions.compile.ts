// The event definitions an event may carry, by moddle type, and the kind whose compile rules read each: timer
// (timer/), message (message/), error (here: a literal errorCode), terminate (nothing to read), escalation
// (escalation/), signal (signal/), compensation (compensation/). Link definitions are read by link-event/ before.
import { isFeel } from '../feel/feel';
import type { EventDefinition } from '../graph.types';
import type { ElementCompileContext } from '../compile/compile-context';
import { type Mod, arr, mod, str } from '../compile/moddle-read';
import { compensationDefinition, compensationRefusal } from './compensation/compensation.compile';
import { escalationDefinition } from './escalation/escalation.compile';
import { messageDefinition } from './message/message.compile';
import { signalDefinition } from './signal/signal.compile';
import { type TimerStart, timerDefinition } from './timer/timer.compile';

const KIND_BY_TYPE: Record<string, EventDefinition['kind']> = {
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:CompensateEventDefinition': 'compensation',
};

/**
 * The one event definition of `el` among `allowed`: undefined when it has none, null when refused (reported on
 * `id`). `onTimerStart`: set for a process-level start event, which records its timer schedule.
 */
export function eventDefinition(
  el: Mod,
  id: string,
  allowed: EventDefinition['kind'][],
  ctx: ElementCompileContext,
  onTimerStart?: (start: TimerStart) => void,
): EventDefinition | undefined | null {
  const defs = arr(el.eventDefinitions);
  if (arr(el.eventDefinitionRefs).length > 0) ctx.err(id, 'event definition references are not supported');
  if (defs.length === 0) return undefined;
  if (defs.length > 1) {
    ctx.err(id, 'multiple event definitions on one event are not supported');
    return null;
  }
  const d = defs[0] as Mod;
  const kind = KIND_BY_TYPE[d.$type];
  if (!kind || !allowed.includes(kind)) {
    const name = d.$type.replace('bpmn:', '').replace('EventDefinition', '').toLowerCase();
    if (kind === 'compensation') {
      ctx.err(id, compensationRefusal(el.$type));
      return null;
    }
    ctx.err(id, `unsupported event definition: ${name} on ${el.$type.replace('bpmn:', '')}`);
    return null;
  }
  ctx.checkAttrs(d);
  const throwing = el.$type === 'bpmn:EndEvent' || el.$type === 'bpmn:IntermediateThrowEvent';
  switch (kind) {
    case 'timer': {
      const timer = timerDefinition(d, id, ctx, onTimerStart);
      return timer ? { kind, timer } : null;
    }
    case 'message':
      return messageDefinition(el, d, id, ctx);
    case 'error': {
      const errorCode = str(mod(d.errorRef)?.errorCode);
      if (isFeel(errorCode)) ctx.err(id, 'FEEL error codes are not supported');
      return { kind, errorCode };
    }
    case 'signal':
      return signalDefinition(mod(d.signalRef), id, throwing ? ctx.ioMapping(el, id).inputs : undefined, ctx);
    case 'escalation':
      return escalationDefinition(mod(d.escalationRef), id, throwing ? 'throw' : 'catch', ctx);
    case 'compensation':
      return compensationDefinition(d, id, el.$type, ctx);
    default:
      return { kind };
  }
}
