import type { UserTaskNode } from '../../graph.types';
import type { ElementHandler, UserTaskInfo } from '../../engine/engine.types';
import { EngineIncident } from '../../engine/engine-incident';

function asList(value: unknown, what: string): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (value === null) return [];
  throw new EngineIncident(`${what} evaluated to ${JSON.stringify(value)}, not a list of roles`);
}

function asOptionalString(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const userTaskHandler: ElementHandler<UserTaskNode> = {
  enter(ops, inst, node) {
    ops.reserveOpenTask();
    const info: UserTaskInfo = {
      name: node.name,
      candidateGroups:
        typeof node.candidateGroups === 'string'
          ? asList(ops.value(inst.key, node.candidateGroups), 'candidateGroups')
          : node.candidateGroups,
      assignee:
        node.assignee === undefined ? undefined : asOptionalString(ops.value(inst.key, node.assignee)),
      dueDate: node.dueDate === undefined ? undefined : asOptionalString(ops.value(inst.key, node.dueDate)),
      dueIn: node.dueIn === undefined ? undefined : asOptionalString(ops.value(inst.key, node.dueIn)),
      calendar: node.calendar,
      decisions: node.decisions,
      distinctFrom: node.distinctFrom,
      excludeAffiliation:
        node.excludeAffiliation === undefined
          ? undefined
          : asOptionalString(ops.value(inst.key, node.excludeAffiliation)),
    };
    inst.task = info;
    ops.emit({
      type: 'createUserTask',
      key: inst.key,
      elementId: node.id,
      variables: ops.context(inst.key),
      ...info,
    });
  },
  terminate(ops, inst, node) {
    ops.emit({ type: 'withdrawUserTask', key: inst.key, elementId: node.id });
  },
};
