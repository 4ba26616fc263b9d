import type { CallActivityNode } from '../../graph.types';
import { isFeel } from '../../feel/feel';
import type { ElementHandler } from '../../engine/engine.types';
import { EngineIncident } from '../../engine/engine-incident';

export const callActivityHandler: ElementHandler<CallActivityNode> = {
  enter(ops, inst, node) {
    // processId="=…" (FEEL) names the called process at run time; a literal never reaches the evaluator
    const processId = isFeel(node.processId) ? ops.value(inst.key, node.processId) : node.processId;
    if (typeof processId !== 'string' || processId.trim() === '')
      throw new EngineIncident(
        `the called processId of ${node.id} evaluated to ${JSON.stringify(processId)}, not a process id`,
      );
    ops.emit({
      type: 'startChild',
      key: inst.key,
      elementId: node.id,
      processId,
      variables: ops.context(inst.key),
    });
  },
  terminate(ops, inst, node) {
    ops.emit({ type: 'cancelChild', key: inst.key, elementId: node.id });
  },
};
