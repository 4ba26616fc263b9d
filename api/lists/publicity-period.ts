// The publicity period a list opens: the first day-counted timer reached from the list's catch event (through
// subprocess starts and boundary timers, never past a user task). Pure: reads the compiled graph only.
import type { FlowNode, ProcessGraph } from '../../bpmn/graph.types';

export interface PublicityTimer {
  days: number;
  calendar: 'cn-workday' | 'calendar-day';
  /** the timer element (the stage the case waits in while the list is public) */
  elementId: string;
}

const DAYS_RE = /^P(\d+)D$/;
const MAX_STEPS = 20;

function dayTimer(node: FlowNode | undefined): PublicityTimer | null {
  if (!node || (node.kind !== 'intermediateCatchEvent' && node.kind !== 'boundaryEvent')) return null;
  const def = node.eventDefinition;
  if (def.kind !== 'timer' || def.timer.kind !== 'duration') return null;
  const m = DAYS_RE.exec(def.timer.value);
  if (!m) return null;
  return { days: Number(m[1]), calendar: def.timer.calendar ?? 'calendar-day', elementId: node.id };
}

export function publicityTimer(graph: ProcessGraph, fromElementId: string): PublicityTimer | null {
  const start = graph.nodes[fromElementId];
  if (!start) return null;
  const next = (n: FlowNode) => n.outgoing.map((f) => graph.flows[f]?.target).filter((t): t is string => !!t);
  const queue = next(start);
  const seen = new Set<string>([fromElementId]);
  for (let steps = 0; queue.length > 0 && steps < MAX_STEPS; steps += 1) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = graph.nodes[id];
    if (!node || node.kind === 'userTask' || node.kind === 'endEvent') continue;
    const own = dayTimer(node);
    if (own) return own;
    if ('boundaryEvents' in node)
      for (const b of node.boundaryEvents) {
        const t = dayTimer(graph.nodes[b]);
        if (t) return t;
      }
    if (node.kind === 'subProcess') queue.push(node.startEvent);
    queue.push(...next(node));
  }
  return null;
}
