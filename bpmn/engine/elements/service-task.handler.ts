import type { ServiceTaskNode } from '../../graph.types';
import type { ElementHandler, Variables } from '../engine.types';
import { EngineIncident } from '../engine-incident';

/** Run-time parameter checks of the built-in types whose inputs are FEEL (contract §1). */
function checkBuiltIn(taskType: string, inputs: Variables): void {
  if (taskType !== 'pay') return;
  const { tranche, amount, status } = inputs;
  if (typeof tranche !== 'string' || tranche === '')
    throw new EngineIncident(
      `pay: input 'tranche' must be a non-empty string, got ${JSON.stringify(tranche)}`,
    );
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0)
    throw new EngineIncident(
      `pay: input 'amount' must be a non-negative integer (fen), got ${JSON.stringify(amount)}`,
    );
  if (status !== undefined && status !== null && !['paid', 'stopped', 'clawback'].includes(status as string))
    throw new EngineIncident(
      `pay: input 'status' must be paid, stopped or clawback, got ${JSON.stringify(status)}`,
    );
}

export const serviceTaskHandler: ElementHandler<ServiceTaskNode> = {
  enter(ops, inst, node) {
    // only the mapped inputs: not the multi-instance element or counters
    const inputs: Variables = {};
    for (const m of node.inputs) inputs[m.target] = inst.vars?.[m.target] ?? null;
    checkBuiltIn(node.taskType, inputs);
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
