import type { CallActivityNode } from '../../graph.types';
import type { ElementHandler } from '../engine.types';

export const callActivityHandler: ElementHandler<CallActivityNode> = {
  enter(ops, inst, node) {
    ops.emit({
      type: 'startChild',
      key: inst.key,
      elementId: node.id,
      processId: node.processId,
      variables: ops.context(inst.key),
    });
  },
  terminate(ops, inst, node) {
    ops.emit({ type: 'cancelChild', key: inst.key, elementId: node.id });
  },
};
