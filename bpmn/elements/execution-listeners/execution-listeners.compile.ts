// Compile rules of zeebe:executionListeners (Camunda 8): start / end jobs of an element or of the process. What Zeebe
// refuses at deploy is refused here with the element's id; the run-time rules are in execution-listeners.engine.ts beside it.
import type { ExecutionListenerDef, FlowNode, SequenceFlow } from '../../graph.types';
import { JOB_TYPE_PATTERN } from '../../task-types';

interface Problems {
  err(elementId: string | undefined, message: string): void;
  /** checks the syntax when the value starts with '=' */
  feel(elementId: string, value: string | undefined, what: string): void;
}

interface ModLike {
  $type: string;
  eventDefinitions?: unknown;
  extensionElements?: unknown;
}

interface ListenerMod {
  $type: string;
  eventType?: unknown;
  type?: unknown;
  retries?: unknown;
  headers?: { values?: { key?: unknown; value?: unknown }[] };
}

export const EXECUTION_LISTENERS_EXTENSION = 'zeebe:ExecutionListeners';

const GATEWAYS = new Set([
  'bpmn:ExclusiveGateway',
  'bpmn:InclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:EventBasedGateway',
]);

function extensions(el: ModLike): { $type: string; listeners?: unknown }[] {
  const values = (el.extensionElements as { values?: unknown } | undefined)?.values;
  return Array.isArray(values) ? (values as { $type: string; listeners?: unknown }[]) : [];
}

function eventKind(el: ModLike): string | undefined {
  const defs = Array.isArray(el.eventDefinitions) ? (el.eventDefinitions as { $type: string }[]) : [];
  return defs.length === 1 ? defs[0]?.$type : undefined;
}

/** Where Zeebe has no such listener (start events and boundary events: start; gateways, error ends: end). */
function unsupportedAt(el: ModLike, eventType: 'start' | 'end'): string | undefined {
  if (eventType === 'start' && el.$type === 'bpmn:StartEvent') return 'start events';
  if (eventType === 'start' && el.$type === 'bpmn:BoundaryEvent') return 'boundary events';
  if (eventType === 'end' && GATEWAYS.has(el.$type)) return 'gateways';
  if (eventType === 'end' && el.$type === 'bpmn:EndEvent') {
    const kind = eventKind(el);
    if (kind === 'bpmn:ErrorEventDefinition') return 'error end events';
    // reviewflow: the case ends at once (Zeebe would run them); refused rather than skipped silently
    if (kind === 'bpmn:TerminateEventDefinition') return 'terminate end events in reviewflow';
  }
  return undefined;
}

/**
 * The listeners of an element (or the process) in document order; undefined when it has none, so graphs without
 * them stay as they were. `headers`: the element's own task headers, which every listener job also carries.
 */
export function executionListeners(
  el: ModLike,
  id: string,
  headers: Record<string, string>,
  out: Problems,
  options: { refuseJobs?: boolean } = {},
): ExecutionListenerDef[] | undefined {
  const container = extensions(el).find((e) => e.$type === EXECUTION_LISTENERS_EXTENSION);
  if (!container) return undefined;
  const mods = (Array.isArray(container.listeners) ? container.listeners : []) as ListenerMod[];
  const defs: ExecutionListenerDef[] = [];
  const seen = new Set<string>();
  for (const m of mods) {
    const eventType = typeof m.eventType === 'string' ? m.eventType : '';
    const type = typeof m.type === 'string' ? m.type.trim() : '';
    if (eventType !== 'start' && eventType !== 'end') {
      out.err(id, `execution listener eventType '${eventType}' is not supported (use start or end)`);
      continue;
    }
    const where = unsupportedAt(el, eventType);
    if (where) {
      out.err(id, `execution listeners of type '${eventType}' are not supported on ${where}`);
      continue;
    }
    if (type === '') {
      out.err(id, `a ${eventType} execution listener needs a job type`);
      continue;
    }
    if (type.startsWith('=')) out.feel(id, type, `${eventType} execution listener type`);
    else if (!JOB_TYPE_PATTERN.test(type))
      out.err(id, `execution listener type '${type}' must be 1 to 200 printable characters`);
    if (options.refuseJobs)
      out.err(
        id,
        `execution listener '${type}': a listener is an external job, and external jobs are refused here (UNKNOWN_TASK_TYPES=refuse)`,
      );
    const key = `${eventType}|${type}`;
    if (seen.has(key))
      out.err(
        id,
        `execution listeners must differ in eventType and type: '${type}' is a ${eventType} listener twice`,
      );
    seen.add(key);
    const retriesRaw = typeof m.retries === 'string' && m.retries.trim() !== '' ? m.retries.trim() : '3';
    if (retriesRaw.startsWith('=')) out.feel(id, retriesRaw, `retries of execution listener '${type}'`);
    else if (!/^\d+$/.test(retriesRaw))
      out.err(id, `retries '${retriesRaw}' of execution listener '${type}' must be a non-negative integer`);
    const own: Record<string, string> = {};
    for (const h of m.headers?.values ?? []) {
      if (typeof h.key !== 'string' || h.key === '')
        out.err(id, `execution listener '${type}': a header without a key`);
      else own[h.key] = typeof h.value === 'string' ? h.value : '';
    }
    const merged = { ...headers, ...own };
    defs.push({
      eventType,
      type,
      retries: retriesRaw,
      ...(Object.keys(merged).length ? { headers: merged } : {}),
    });
  }
  return defs.length ? defs : undefined;
}

/**
 * Whole-graph rule: a catch event after an event-based gateway is entered only once its event has happened
 * (the runtime completes it at once), so its start listeners would have nothing to run before.
 */
export function checkListenerPlacement(
  nodes: Record<string, FlowNode>,
  flows: Record<string, SequenceFlow>,
  out: Problems,
): void {
  for (const node of Object.values(nodes)) {
    if (node.kind !== 'eventBasedGateway') continue;
    for (const fid of node.outgoing) {
      const target = nodes[flows[fid]?.target ?? ''];
      if (target?.listeners?.some((l) => l.eventType === 'start'))
        out.err(
          target.id,
          'start execution listeners on a catch event after an event-based gateway are not supported (put them on the gateway)',
        );
    }
  }
}
