// Derives what the diagram shows for a case from its history: the path taken and where it stands now.
import type { BpmnModel } from '../../api/bpmn-model';
import type { HistoryEvent } from '../../api/types';
import type { Highlight } from '../../components/bpmn-viewer';

export function caseHighlights(
  model: BpmnModel,
  history: HistoryEvent[],
  activeElements: string[],
  incidentLabel: (reason: string) => string,
): Highlight[] {
  const lastActivated = new Map<string, number>();
  const firstCompleted = new Map<string, number>();
  for (const e of history) {
    if (!e.elementId) continue;
    if (e.type === 'element-activated') lastActivated.set(e.elementId, e.seq);
    if (e.type === 'element-completed' && !firstCompleted.has(e.elementId))
      firstCompleted.set(e.elementId, e.seq);
  }
  const completed = new Set(firstCompleted.keys());
  const active = new Set(activeElements);
  const out: Highlight[] = [];
  for (const id of completed) if (!active.has(id)) out.push({ elementId: id, kind: 'done' });
  // History has no flow events: a flow was taken when its target was reached after its source completed
  // (so a loop back to an earlier step is not marked unless it was really followed).
  for (const f of model.flows) {
    const done = firstCompleted.get(f.source);
    const reached = lastActivated.get(f.target);
    if (done !== undefined && reached !== undefined && reached >= done)
      out.push({ elementId: f.id, kind: 'done' });
  }
  for (const id of active) out.push({ elementId: id, kind: 'active' });
  const open = new Map<string, string>();
  for (const e of history) {
    if (!e.elementId) continue;
    if (e.type === 'incident-raised') open.set(e.elementId, String(e.data?.reason ?? e.data?.message ?? ''));
    if (e.type === 'incident-resolved') open.delete(e.elementId);
  }
  for (const [id, reason] of open) out.push({ elementId: id, kind: 'error', message: incidentLabel(reason) });
  return out;
}

/** The last instant each element was entered (for timers that count from then). */
export function lastActivation(history: HistoryEvent[], elementId: string): string | undefined {
  let at: string | undefined;
  for (const e of history) if (e.elementId === elementId && e.type === 'element-activated') at = e.at;
  return at;
}

/** Working days of a `PnD` duration (cn-workday), or undefined for anything else. */
export function workdayCount(duration: string | undefined): number | undefined {
  const m = duration ? /^P(\d+)D$/.exec(duration.trim()) : null;
  return m ? Number(m[1]) : undefined;
}
