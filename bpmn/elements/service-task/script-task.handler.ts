import type { ScriptTaskNode } from '../../graph.types';
import { stripEquals } from '../../feel/feel';
import type { ElementHandler } from '../../engine/engine.types';

// FEEL runs inside the workflow: deterministic, no activity needed.
export const scriptTaskHandler: ElementHandler<ScriptTaskNode> = {
  enter(ops, inst, node) {
    const result = ops.feel(inst.key, stripEquals(node.expression));
    ops.completeElement(inst, { [node.resultVariable]: result });
  },
};
