// Compile rules of start events: the process's one none start event (it may carry the start form), process-level
// signal, message and timer starts (the case starts by them), and the definition-bearing start of an event
// subprocess (sub-process.compile.ts). A message start's variables reach the case only through its outputs.
import type { EventDefinition, FlowNode, StartEventNode } from '../../graph.types';
import type { ElementCompileContext, GraphCheckContext, NodeBase } from '../../compile/compile-context';
import type { Mod } from '../../compile/moddle-read';

const START_EVENT_EXTENSIONS = ['zeebe:IoMapping', 'zeebe:FormDefinition'];

export interface StartEventTools {
  /** a start event of the process itself (not of a subprocess) */
  readonly atProcess: boolean;
  /** the event definition among `allowed` (a process-level timer start's schedule is recorded with it) */
  definition(allowed: EventDefinition['kind'][]): EventDefinition | undefined | null;
  readonly signalStarts: { elementId: string; signalName: string }[];
  readonly messageStarts: { elementId: string; messageName: string }[];
  /** reads the element's form definition as the process's start form */
  readStartForm(): void;
}

export function startEvent(
  el: Mod,
  base: NodeBase,
  ctx: ElementCompileContext,
  tools: StartEventTools,
): StartEventNode | undefined {
  const id = base.id;
  ctx.checkExtensions(el, START_EVENT_EXTENSIONS);
  const def = tools.definition(['timer', 'message', 'error', 'escalation', 'signal']);
  if (def === null) return undefined;
  if (def?.kind === 'signal' && tools.atProcess)
    tools.signalStarts.push({ elementId: id, signalName: def.signalName });
  if (def?.kind === 'message' && tools.atProcess)
    tools.messageStarts.push({ elementId: id, messageName: def.messageName });
  if (def || !tools.atProcess) {
    if (ctx.ext(el, 'zeebe:FormDefinition'))
      ctx.err(id, "a form is only supported on user tasks and the process's none start event");
  } else tools.readStartForm();
  if (def?.kind !== 'message') return { ...base, kind: 'startEvent', eventDefinition: def };
  // a message's variables reach the case only through these outputs (Camunda 8)
  const { inputs, outputs } = ctx.ioMapping(el, id);
  if (inputs.length) ctx.err(id, 'input mappings are not supported on start events');
  return { ...base, kind: 'startEvent', eventDefinition: def, ...(outputs.length ? { outputs } : {}) };
}

/** After wiring: no incoming flows; a start with a definition only in an event subprocess or as a process start. */
export function checkStartEvent(node: FlowNode, g: GraphCheckContext, processId: string): void {
  if (node.kind !== 'startEvent') return;
  if (node.incoming.length) g.err(node.id, `${node.kind} cannot have incoming flows`);
  if (
    node.eventDefinition &&
    !(g.nodes[node.scope]?.kind === 'eventSubProcess') &&
    !(
      (node.eventDefinition.kind === 'signal' ||
        node.eventDefinition.kind === 'message' ||
        node.eventDefinition.kind === 'timer') &&
      node.scope === processId
    )
  )
    g.err(node.id, `${node.eventDefinition.kind} start events are only supported inside event subprocesses`);
}
