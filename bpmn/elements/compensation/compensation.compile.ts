// Compile rules of compensation (Camunda 8.5+): a compensation boundary event is linked by an association to
// its handler, an activity with isForCompensation="true" outside the flow; compensation throw and end events
// compensate their scope, or only the activity named by activityRef. Compensation start events (compensation
// event subprocesses) are refused, as are waitForCompletion="false" throws (Zeebe always waits).
import type { EventDefinition, FlowNode } from '../../graph.types';

interface Problems {
  err(elementId: string | undefined, message: string): void;
}

/** The part of a moddle element these rules read. */
interface Ref {
  $type?: string;
  id?: string;
  [key: string]: unknown;
}

const refOf = (v: unknown): Ref | undefined => (v !== null && typeof v === 'object' ? (v as Ref) : undefined);

/** compensateEventDefinition → definition; problems are reported on the event `id`. */
export function compensationDefinition(
  d: Ref,
  id: string,
  elementType: string,
  out: Problems,
): Extract<EventDefinition, { kind: 'compensation' }> {
  const activityRef = refOf(d.activityRef)?.id;
  const throwing = elementType === 'bpmn:EndEvent' || elementType === 'bpmn:IntermediateThrowEvent';
  if (throwing && d.waitForCompletion === false)
    out.err(
      id,
      'waitForCompletion="false" on a compensation throw event is not supported (the event waits for its handlers, as in Zeebe)',
    );
  if (!throwing && activityRef !== undefined)
    out.err(id, 'activityRef is only allowed on compensation throw and end events');
  return activityRef === undefined || !throwing
    ? { kind: 'compensation' }
    : { kind: 'compensation', activityRef };
}

/** The refusal of a compensation definition where the dialect has none. */
export function compensationRefusal(elementType: string): string {
  return elementType === 'bpmn:StartEvent'
    ? 'compensation start events (compensation event subprocesses) are not supported; attach a compensation boundary event to the activity instead'
    : `unsupported event definition: compensate on ${elementType.replace('bpmn:', '')}`;
}

const isCompensationBoundary = (n: FlowNode | undefined): n is Extract<FlowNode, { kind: 'boundaryEvent' }> =>
  n?.kind === 'boundaryEvent' && n.eventDefinition.kind === 'compensation';

/**
 * After the flows are wired: each compensation boundary gets its handler (from its association), handlers are
 * checked to stand outside the flow, and activityRefs must name a compensable activity of the thrower's scope.
 */
export function resolveCompensation(
  nodes: Record<string, FlowNode>,
  associations: Ref[],
  out: Problems,
): void {
  const linked = new Map<string, string[]>(); // handler id → boundaries naming it
  for (const b of Object.values(nodes)) {
    if (!isCompensationBoundary(b)) continue;
    const ends = associations.flatMap((a) => {
      const s = refOf(a.sourceRef)?.id;
      const t = refOf(a.targetRef)?.id;
      if (s === b.id && t) return [t];
      if (t === b.id && s) return [s];
      return [];
    });
    const handlers = ends.filter((e) => nodes[e] && 'forCompensation' in (nodes[e] as object));
    if (b.outgoing.length) out.err(b.id, 'a compensation boundary event cannot have outgoing flows');
    if (b.outputs.length) out.err(b.id, 'output mappings on a compensation boundary event are not supported');
    if (handlers.length !== 1) {
      out.err(
        b.id,
        handlers.length === 0
          ? 'a compensation boundary event needs an association to its compensation handler (an activity with isForCompensation="true")'
          : `a compensation boundary event needs exactly one compensation handler; it is associated with ${handlers.join(', ')}`,
      );
      continue;
    }
    const handler = handlers[0] as string;
    b.compensationHandler = handler;
    linked.set(handler, [...(linked.get(handler) ?? []), b.id]);
  }
  for (const n of Object.values(nodes)) {
    if (!('boundaryEvents' in n)) continue;
    if (n.forCompensation) {
      if (n.incoming.length || n.outgoing.length)
        out.err(n.id, 'a compensation handler (isForCompensation) cannot have sequence flows');
      if (n.boundaryEvents.length)
        out.err(n.id, 'boundary events on a compensation handler are not supported');
      const by = linked.get(n.id) ?? [];
      if (by.length === 0)
        out.err(n.id, 'a compensation handler needs an association from a compensation boundary event');
      else if (by.length > 1)
        out.err(
          n.id,
          `a compensation handler serves one compensation boundary event; ${by.join(', ')} name it`,
        );
      for (const b of by)
        if (nodes[b]?.scope !== n.scope)
          out.err(n.id, `the compensation handler must be in the same scope as its boundary event ${b}`);
    }
    const compensations = n.boundaryEvents.filter((b) => isCompensationBoundary(nodes[b]));
    if (compensations.length > 1)
      out.err(n.id, `an activity takes one compensation boundary event; found ${compensations.join(', ')}`);
  }
  for (const n of Object.values(nodes)) {
    if (n.kind !== 'intermediateThrowEvent' && n.kind !== 'endEvent') continue;
    const ref = n.eventDefinition?.kind === 'compensation' ? n.eventDefinition.activityRef : undefined;
    if (ref === undefined) continue;
    const target = nodes[ref];
    // a throw in an event subprocess compensates the scope around it too
    const parent = nodes[n.scope];
    const outer = parent?.kind === 'eventSubProcess' ? parent.scope : n.scope;
    if (!target || !('boundaryEvents' in target))
      out.err(n.id, `activityRef '${ref}' does not name an activity of this process`);
    else if (target.scope !== n.scope && target.scope !== outer)
      out.err(n.id, `activityRef '${ref}' must name an activity in the same scope as the throw event`);
    else if (
      !target.boundaryEvents.some((b) => isCompensationBoundary(nodes[b])) &&
      !(target.kind === 'subProcess' && compensatesInside(nodes, target.id))
    )
      out.err(
        n.id,
        `activityRef '${ref}' names an activity without a compensation boundary event (nor a subprocess with one inside)`,
      );
  }
}

/** Does a compensation boundary event stand somewhere inside subprocess `id` (nested subprocesses too)? */
function compensatesInside(nodes: Record<string, FlowNode>, id: string): boolean {
  const inside = (n: FlowNode): boolean => {
    for (let scope = n.scope; nodes[scope]; scope = (nodes[scope] as FlowNode).scope)
      if (scope === id) return true;
    return false;
  };
  return Object.values(nodes).some((n) => isCompensationBoundary(n) && inside(n));
}
