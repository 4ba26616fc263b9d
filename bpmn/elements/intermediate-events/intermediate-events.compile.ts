// Compile rules of intermediate events: catch events wait for a timer (no cycle), a message or a signal; throw
// events are none, escalation, signal or compensation throws, or a message throw (a job, service-task.compile.ts).
// Link events are link-event.compile.ts's.
import type { EventDefinition, FlowNode, IoMapping } from '../../graph.types';
import type { ElementCompileContext, NodeBase } from '../../compile/compile-context';
import type { Mod } from '../../compile/moddle-read';
import { isMessageThrow, messageThrowJob } from '../service-task/service-task.compile';

const INTERMEDIATE_CATCH_EVENT_EXTENSIONS = ['zeebe:IoMapping'];

export function intermediateCatchEvent(
  el: Mod,
  base: NodeBase,
  ctx: ElementCompileContext,
): FlowNode | undefined {
  const id = base.id;
  ctx.checkExtensions(el, INTERMEDIATE_CATCH_EVENT_EXTENSIONS);
  const def = ctx.eventDefinition(el, id, ['timer', 'message', 'signal']);
  if (def === null) return undefined;
  if (!def) {
    ctx.err(id, 'an intermediate catch event needs a timer, message or signal definition');
    return undefined;
  }
  if (def.kind === 'timer' && def.timer.kind === 'cycle')
    ctx.err(id, 'a timer cycle is only allowed on boundary events and event subprocess starts');
  // inputs: local variables set on entering, as in Zeebe (intermediate-catch-event.handler.ts)
  const { inputs, outputs } = ctx.ioMapping(el, id);
  return {
    ...base,
    kind: 'intermediateCatchEvent',
    eventDefinition: def,
    outputs,
    ...(inputs.length ? { inputs } : {}),
  };
}

export function intermediateThrowEvent(
  el: Mod,
  base: NodeBase,
  ctx: ElementCompileContext,
): FlowNode | undefined {
  if (isMessageThrow(el)) return messageThrowJob(el, base, ctx);
  const id = base.id;
  ctx.checkExtensions(el, ['zeebe:IoMapping']);
  const def = ctx.eventDefinition(el, id, ['escalation', 'signal', 'compensation']);
  if (def === null) return undefined;
  return {
    ...base,
    kind: 'intermediateThrowEvent',
    ...(def ? { eventDefinition: def } : {}),
    ...throwIo(el, id, def, ctx),
  };
}

/**
 * io mappings of a none or escalation throw / end event (as in Zeebe): inputs are the event's local variables,
 * outputs go to the enclosing scope. A signal throw's inputs are its signal's variables instead (signal.compile).
 * Absent when empty, so graphs without them compile as before.
 */
export function throwIo(
  el: Mod,
  id: string,
  def: EventDefinition | undefined,
  ctx: ElementCompileContext,
): { inputs?: IoMapping[]; outputs?: IoMapping[] } {
  if (def?.kind === 'signal' || !ctx.ext(el, 'zeebe:IoMapping')) return {};
  const { inputs, outputs } = ctx.ioMapping(el, id);
  return { ...(inputs.length ? { inputs } : {}), ...(outputs.length ? { outputs } : {}) };
}
