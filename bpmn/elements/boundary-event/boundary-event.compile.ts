// Compile rules of boundary events: timer, message, error (always interrupting), escalation, signal and
// compensation boundaries on the activities that can host them; after wiring, each is listed on its host and has
// no incoming flows.
import type { FlowNode } from '../../graph.types';
import type { ElementCompileContext, GraphCheckContext, NodeBase } from '../../compile/compile-context';
import { type Mod, mod } from '../../compile/moddle-read';
import { checkEscalationBoundaryHost } from '../escalation/escalation.compile';

const BOUNDARY_EVENT_EXTENSIONS = ['zeebe:IoMapping'];

const BOUNDARY_HOSTS = new Set([
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:ScriptTask',
  'bpmn:BusinessRuleTask',
  'bpmn:SubProcess',
  'bpmn:AdHocSubProcess',
  'bpmn:CallActivity',
  'bpmn:Task',
  'bpmn:ManualTask',
  'bpmn:ReceiveTask',
]);

export function boundaryEvent(el: Mod, base: NodeBase, ctx: ElementCompileContext): FlowNode | undefined {
  const id = base.id;
  ctx.checkExtensions(el, BOUNDARY_EVENT_EXTENSIONS);
  const def = ctx.eventDefinition(el, id, [
    'timer',
    'message',
    'error',
    'escalation',
    'signal',
    'compensation',
  ]);
  if (def === null) return undefined;
  if (!def) {
    ctx.err(id, 'a boundary event needs a timer, message, error, escalation or signal definition');
    return undefined;
  }
  const host = mod(el.attachedToRef);
  const interrupting = el.cancelActivity !== false;
  if (!host?.id) ctx.err(id, 'a boundary event needs attachedToRef');
  // a host the compiler refuses is reported there; here it would only be an echo
  else if (
    (!BOUNDARY_HOSTS.has(host.$type) && /(Event|Gateway)$/.test(host.$type)) ||
    host.triggeredByEvent === true
  )
    ctx.err(id, `a boundary event cannot be attached to ${host.$type.replace('bpmn:', '')} ${host.id}`);
  if (def.kind === 'error' && !interrupting) ctx.err(id, 'an error boundary event is always interrupting');
  if (def.kind === 'escalation' && host?.id) checkEscalationBoundaryHost(host.$type, id, ctx);
  const { outputs } = ctx.ioMapping(el, id);
  return {
    ...base,
    kind: 'boundaryEvent',
    attachedTo: host?.id ?? '',
    interrupting,
    eventDefinition: def,
    outputs,
  };
}

/** After wiring: the boundary is listed on its host, and nothing flows into it. */
export function wireBoundaryEvent(node: FlowNode, g: GraphCheckContext): void {
  if (node.kind !== 'boundaryEvent') return;
  const host = g.nodes[node.attachedTo];
  if (host && 'boundaryEvents' in host) host.boundaryEvents.push(node.id);
  if (node.incoming.length) g.err(node.id, 'a boundary event cannot have incoming flows');
}
