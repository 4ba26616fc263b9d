// Compile rules of the tasks that need no worker and wait for nothing: undefined (bpmn:task) and manual tasks pass
// through (manual-task.handler.ts).
import type { ManualTaskNode } from '../../graph.types';

/** What the compiler already built for any activity: ids, flows, io mappings, multi-instance. */
type ActivityCommon = Omit<ManualTaskNode, 'kind' | 'bpmnType'>;

export const PASS_THROUGH_TYPES: Record<string, ManualTaskNode['bpmnType']> = {
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'manualTask',
};

export function manualTask(el: { $type: string }, act: ActivityCommon): ManualTaskNode {
  return { ...act, kind: 'manualTask', bpmnType: PASS_THROUGH_TYPES[el.$type] ?? 'task' };
}
