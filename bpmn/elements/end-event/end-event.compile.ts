// Compile rules of end events: none, terminate, error (needs an error code), escalation, signal and compensation
// end events, a message end event (a job, service-task.compile.ts), rf:outcome (the word the case ends with), and
// the io mappings of a none, escalation or signal end event (throwIo).
import type { FlowNode } from '../../graph.types';
import type { ElementCompileContext, GraphCheckContext, NodeBase } from '../../compile/compile-context';
import { type Mod, str } from '../../compile/moddle-read';
import { isMessageThrow, messageThrowJob } from '../service-task/service-task.compile';
import { throwIo } from '../intermediate-events/intermediate-events.compile';

const END_EVENT_EXTENSIONS = ['zeebe:IoMapping'];

const OUTCOME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

export function endEvent(el: Mod, base: NodeBase, ctx: ElementCompileContext): FlowNode | undefined {
  if (isMessageThrow(el)) return messageThrowJob(el, base, ctx);
  const id = base.id;
  ctx.checkExtensions(el, END_EVENT_EXTENSIONS);
  const def = ctx.eventDefinition(el, id, ['terminate', 'error', 'escalation', 'signal', 'compensation']);
  if (def === null) return undefined;
  if (def?.kind === 'error' && !def.errorCode)
    ctx.err(id, 'an error end event needs an errorRef with an errorCode');
  const outcome = str(el.get?.('rf:outcome'));
  if (outcome !== undefined && !OUTCOME.test(outcome))
    ctx.err(id, `rf:outcome '${outcome}' must be one short word (letters, digits, - or _; at most 40)`);
  else if (outcome !== undefined && def?.kind === 'error')
    ctx.err(id, 'rf:outcome on an error end event: the case does not end there');
  return {
    ...base,
    kind: 'endEvent',
    eventDefinition: def,
    ...(outcome ? { outcome } : {}),
    ...(def?.kind === 'error' || def?.kind === 'terminate' ? {} : throwIo(el, id, def, ctx)),
  };
}

export function checkEndEvent(node: FlowNode, g: GraphCheckContext): void {
  if (node.kind === 'endEvent' && node.outgoing.length)
    g.err(node.id, 'an end event cannot have outgoing flows');
}
