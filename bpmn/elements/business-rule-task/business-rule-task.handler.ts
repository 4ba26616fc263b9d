import { evaluateDecision } from '../../dmn/evaluate-decision';
import { DmnEvaluationError } from '../../dmn/dmn.types';
import type { BusinessRuleTaskNode } from '../../graph.types';
import type { ElementHandler } from '../../engine/engine.types';
import { EngineIncident } from '../../engine/engine-incident';

// The decision was compiled into the graph at deploy: evaluating it is pure, so it runs in the workflow, no activity.
export const businessRuleTaskHandler: ElementHandler<BusinessRuleTaskNode> = {
  enter(ops, inst, node) {
    let evaluation;
    try {
      evaluation = evaluateDecision(node.decision, ops.context(inst.key));
    } catch (err) {
      if (err instanceof DmnEvaluationError) throw new EngineIncident(err.message, err.code);
      throw err;
    }
    // the audit trail shows which rules decided, with the version of the table that held them
    ops.history('decision-evaluated', inst, {
      decisionId: node.decisionId,
      decisionVersion: node.decision.version,
      resultVariable: node.resultVariable,
      result: evaluation.result,
      decisions: evaluation.evaluated.map((d) => ({
        decisionId: d.decisionId,
        matchedRules: d.matched.map((m) => ({ ruleId: m.ruleId, index: m.index, outputs: m.outputs })),
        result: d.result,
      })),
    });
    ops.completeElement(inst, { [node.resultVariable]: evaluation.result });
  },
};
