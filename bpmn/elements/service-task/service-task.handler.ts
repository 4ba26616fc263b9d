import type { ServiceTaskNode } from '../../graph.types';
import { isFeel } from '../../feel/feel';
import { JOB_TYPE_PATTERN, taskTypeOf } from '../../task-types';
import type { ElementHandler, EngineOps, Variables } from '../../engine/engine.types';
import { EngineIncident } from '../../engine/engine-incident';

/** type="=FEEL" and retries="=FEEL" (as in Zeebe): evaluated on entering, in the element's scope (its inputs applied). */
function jobTypeAndRetries(
  ops: EngineOps,
  key: string,
  node: ServiceTaskNode,
): { taskType: string; retries: number } {
  let taskType = node.taskType;
  if (isFeel(taskType)) {
    const value = ops.value(key, taskType);
    if (typeof value !== 'string' || !JOB_TYPE_PATTERN.test(value))
      throw new EngineIncident(
        `the job type of ${node.id} evaluated to ${JSON.stringify(value) ?? 'nothing'}, not a job type (1 to 200 printable characters)`,
        'JOB_TYPE_INVALID',
      );
    taskType = value;
  }
  let retries = node.retries;
  if (node.retriesExpression !== undefined) {
    const value = ops.value(key, node.retriesExpression);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      throw new EngineIncident(
        `the retries of ${node.id} evaluated to ${JSON.stringify(value) ?? 'nothing'}, not a non-negative integer`,
        'JOB_RETRIES_INVALID',
      );
    retries = value;
  }
  return { taskType, retries };
}

export const serviceTaskHandler: ElementHandler<ServiceTaskNode> = {
  enter(ops, inst, node) {
    // only the mapped inputs: not the multi-instance element or counters
    const inputs: Variables = {};
    for (const m of node.inputs) inputs[m.target] = inst.vars?.[m.target] ?? null;
    const { taskType, retries } = jobTypeAndRetries(ops, inst.key, node);
    // run-time checks of the type's computed inputs (bpmn/task-types), e.g. pay's amount; a FEEL type is a job
    const problem = node.job ? undefined : taskTypeOf(taskType).checkInputs?.(inputs);
    if (problem) throw new EngineIncident(problem);
    inst.job = { taskType, retries };
    ops.emit({
      type: 'runServiceTask',
      key: inst.key,
      elementId: node.id,
      taskType,
      headers: node.headers,
      // an external job sees every variable visible from the task, its input mappings included (as in Zeebe)
      inputs: node.job ? ops.context(inst.key) : inputs,
      retries,
      ...(node.job ? { job: true as const } : {}),
    });
  },
  terminate(ops, inst, node) {
    ops.emit({ type: 'cancelServiceTask', key: inst.key, elementId: node.id });
  },
};
