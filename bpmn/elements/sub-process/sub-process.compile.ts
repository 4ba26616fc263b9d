// Compile rules of embedded subprocesses (one none start event inside) and event subprocesses (triggeredByEvent:
// one start event with a message, timer, error, escalation or signal definition, no flows in or out, no io
// mappings, no multi-instance). Both are scopes: the compiler walks their elements as it walks the process.
import type { ActivityBase, FlowNode, SubProcessNode } from '../../graph.types';
import type { ElementCompileContext, GraphCheckContext, NodeBase } from '../../compile/compile-context';
import { type Mod, arr } from '../../compile/moddle-read';

export const SUB_PROCESS_EXTENSIONS = ['zeebe:IoMapping'];

/** An embedded subprocess; `act` is what every activity has, `base` without it (for an event subprocess). */
export function subProcess(
  el: Mod,
  base: NodeBase,
  act: ActivityBase,
  ctx: ElementCompileContext,
): SubProcessNode | FlowNode | undefined {
  const id = base.id;
  if (el.triggeredByEvent === true) return eventSubProcess(el, base, ctx);
  ctx.walkScope(el, id);
  const starts = ctx.startsOf(id);
  if (starts.length !== 1)
    ctx.err(id, `an embedded subprocess needs exactly one none start event; found ${starts.length}`);
  return {
    ...act,
    kind: 'subProcess',
    startEvent: starts[0] ?? '',
    eventSubProcesses: ctx.eventSubProcessesOf(id),
  };
}

function eventSubProcess(el: Mod, base: NodeBase, ctx: ElementCompileContext): FlowNode | undefined {
  const id = base.id;
  if (el.loopCharacteristics) ctx.err(id, 'multi-instance event subprocesses are not supported');
  if (ctx.ext(el, 'zeebe:IoMapping')) ctx.err(id, 'io mappings on event subprocesses are not supported');
  const candidates = arr(el.flowElements).filter((e) => e.$type === 'bpmn:StartEvent');
  ctx.walkScope(el, id);
  if (candidates.length !== 1) {
    ctx.err(id, `an event subprocess needs exactly one start event; found ${candidates.length}`);
    return undefined;
  }
  const start = candidates[0] as Mod;
  const startNode = ctx.nodes[start.id ?? ''];
  if (!startNode || startNode.kind !== 'startEvent') return undefined;
  if (!startNode.eventDefinition) {
    ctx.err(
      start.id,
      'the start event of an event subprocess needs a message, timer, error or escalation definition',
    );
    return undefined;
  }
  if (startNode.eventDefinition.kind === 'error' && start.isInterrupting === false)
    ctx.err(start.id, 'an error start event is always interrupting');
  return {
    ...base,
    kind: 'eventSubProcess',
    startEvent: startNode.id,
    interrupting: start.isInterrupting !== false,
    trigger: startNode.eventDefinition,
    eventSubProcesses: ctx.eventSubProcessesOf(id),
  };
}

/** After wiring: an event subprocess has no flows in or out. */
export function checkEventSubProcessFlows(node: FlowNode, g: GraphCheckContext): void {
  if (node.kind !== 'eventSubProcess') return;
  if (node.incoming.length) g.err(node.id, `${node.kind} cannot have incoming flows`);
  if (node.outgoing.length) g.err(node.id, 'an event subprocess cannot have outgoing flows');
}
