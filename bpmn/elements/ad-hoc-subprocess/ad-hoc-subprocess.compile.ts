// Compile rules of ad-hoc subprocesses (bpmn:adHocSubProcess, as Zeebe 8.7/8.8 runs them without a job worker):
// zeebe:adHoc activeElementsCollection (FEEL list of inner element ids activated on entering), completionCondition
// and cancelRemainingInstances. Inside: at least one element, no start or end events; the inner elements without
// incoming flows are the ones that can be activated. Newer Zeebe features are refused with what they are: the job
// worker / AI agent implementation (zeebe:taskDefinition), collecting output (outputCollection/outputElement).
// Event subprocesses inside an ad-hoc subprocess are refused too (not supported yet).
import type { AdHocSubProcessNode, FlowNode } from '../../graph.types';

interface Problems {
  err(elementId: string | undefined, message: string): void;
  warn(elementId: string | undefined, message: string): void;
  /** checks the syntax when the value starts with '=' (requireFeel: else an error) */
  feel(elementId: string, value: string | undefined, what: string, requireFeel?: boolean): void;
}

/** The part of a moddle element these rules read. */
interface ModLike {
  $type: string;
  $attrs?: Record<string, string>;
  extensionElements?: unknown;
  completionCondition?: unknown;
  cancelRemainingInstances?: unknown;
  ordering?: unknown;
  flowElements?: unknown;
  [key: string]: unknown;
}

/** What the compiler already built for any activity: ids, flows, io mappings, multi-instance. */
type ActivityCommon = Omit<
  AdHocSubProcessNode,
  'kind' | 'activeElementsCollection' | 'completionCondition' | 'cancelRemainingInstances' | 'adHocActivities'
>;

/** Extension elements the compiler lets through on an ad-hoc subprocess; the refused ones are reported here. */
export const AD_HOC_EXTENSIONS = [
  'zeebe:AdHoc',
  'zeebe:IoMapping',
  'zeebe:TaskDefinition',
  'zeebe:TaskHeaders',
];

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

function extensions(el: ModLike): ModLike[] {
  const ext = el.extensionElements as { values?: unknown } | undefined;
  return Array.isArray(ext?.values) ? (ext.values as ModLike[]) : [];
}

/** The node of an ad-hoc subprocess whose inner elements were walked; `resolveAdHocSubProcesses` finishes it. */
export function adHocSubProcess(el: ModLike, act: ActivityCommon, out: Problems): AdHocSubProcessNode {
  const id = act.id;
  const ext = extensions(el);
  if (ext.some((e) => e.$type === 'zeebe:TaskDefinition' || e.$type === 'zeebe:TaskHeaders'))
    out.err(
      id,
      'an ad-hoc subprocess handled by a job worker (zeebe:taskDefinition, e.g. an AI agent; Camunda 8.8) is not supported; activate its elements with zeebe:adHoc activeElementsCollection',
    );
  const content = Array.isArray(el.flowElements) ? (el.flowElements as ModLike[]) : [];
  if (!content.some((e) => e.$type !== 'bpmn:SequenceFlow'))
    out.err(id, 'an ad-hoc subprocess needs at least one activity');
  const adHoc = ext.find((e) => e.$type === 'zeebe:AdHoc');
  if (adHoc && (text(adHoc.outputCollection) !== undefined || text(adHoc.outputElement) !== undefined))
    out.err(
      id,
      'collecting output of an ad-hoc subprocess (zeebe:adHoc outputCollection/outputElement; Camunda 8.8) is not supported; use output mappings',
    );
  for (const attr of Object.keys(adHoc?.$attrs ?? {}))
    if (/^zeebe:/.test(attr)) out.err(id, `unsupported attribute ${attr} on zeebe:adHoc`);
  const activeElementsCollection = text(adHoc?.activeElementsCollection);
  out.feel(id, activeElementsCollection, 'activeElementsCollection', true);
  const cond = el.completionCondition as { body?: unknown } | undefined;
  const completionCondition = text(typeof cond?.body === 'string' ? cond.body.trim() : undefined);
  out.feel(id, completionCondition, 'completionCondition', true);
  if (el.ordering === 'Sequential')
    out.warn(id, 'ordering="Sequential" is ignored: activated elements run in parallel (as in Zeebe)');
  return {
    ...act,
    kind: 'adHocSubProcess',
    ...(activeElementsCollection !== undefined ? { activeElementsCollection } : {}),
    ...(completionCondition !== undefined ? { completionCondition } : {}),
    cancelRemainingInstances: el.cancelRemainingInstances !== false,
    adHocActivities: [],
  };
}

/**
 * After the flows are wired: each ad-hoc subprocess lists its inner elements without incoming flows (boundary
 * events and compensation handlers aside), and its content is checked (as in Zeebe: no start or end events).
 */
export function resolveAdHocSubProcesses(nodes: Record<string, FlowNode>, out: Problems): void {
  for (const node of Object.values(nodes)) {
    if (node.kind !== 'adHocSubProcess') continue;
    const inner = Object.values(nodes).filter((n) => n.scope === node.id);
    for (const n of inner) {
      if (n.kind === 'startEvent' || n.kind === 'endEvent')
        out.err(
          n.id,
          `an ad-hoc subprocess cannot contain ${n.kind === 'startEvent' ? 'start' : 'end'} events`,
        );
      if (n.kind === 'eventSubProcess')
        out.err(n.id, 'event subprocesses inside an ad-hoc subprocess are not supported yet');
    }
    node.adHocActivities = inner
      .filter(
        (n) =>
          n.incoming.length === 0 &&
          n.kind !== 'boundaryEvent' &&
          n.kind !== 'eventSubProcess' &&
          !('forCompensation' in n && n.forCompensation),
      )
      .map((n) => n.id)
      .sort();
  }
}
