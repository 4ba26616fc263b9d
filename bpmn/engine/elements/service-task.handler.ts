import type { ServiceTaskNode } from '../../graph.types';
import { taskTypeOf } from '../../task-types';
import type { ElementHandler, Variables } from '../engine.types';
import { EngineIncident } from '../engine-incident';

export const serviceTaskHandler: ElementHandler<ServiceTaskNode> = {
  enter(ops, inst, node) {
    // only the mapped inputs: not the multi-instance element or counters
    const inputs: Variables = {};
    for (const m of node.inputs) inputs[m.target] = inst.vars?.[m.target] ?? null;
    // run-time checks of the type's computed inputs (bpmn/task-types), e.g. pay's amount
    const problem = taskTypeOf(node.taskType).checkInputs?.(inputs);
    if (problem) throw new EngineIncident(problem);
    inst.job = { taskType: node.taskType, retries: node.retries };
    ops.emit({
      type: 'runServiceTask',
      key: inst.key,
      elementId: node.id,
      taskType: node.taskType,
      headers: node.headers,
      // an external job sees every variable visible from the task, its input mappings included (as in Zeebe)
      inputs: node.job ? ops.context(inst.key) : inputs,
      retries: node.retries,
      ...(node.job ? { job: true as const } : {}),
    });
  },
  terminate(ops, inst, node) {
    ops.emit({ type: 'cancelServiceTask', key: inst.key, elementId: node.id });
  },
};
