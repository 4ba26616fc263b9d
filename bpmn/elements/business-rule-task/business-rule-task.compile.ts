// Compile rules of business rule tasks (Camunda 8): zeebe:calledDecision names a deployed DMN decision and the
// variable its result goes to. The decision is bound at deploy to its latest version and travels compiled in the
// graph, so the workflow evaluates it without I/O. A job-worker business rule task (zeebe:taskDefinition) is refused.
import type { DecisionDef } from '../../dmn/dmn.types';
import { isFeel } from '../../feel/feel';
import type { BusinessRuleTaskNode, FlowNode } from '../../graph.types';

/** What the decision store answers for a decision id: its latest version and the decisions it needs. */
export interface DeployedDecision {
  version: number;
  /** the decision and every decision it requires, transitively, by id */
  decisions: Record<string, DecisionDef>;
}
export type ResolveDecision = (decisionId: string) => Promise<DeployedDecision | undefined>;

interface Problems {
  err(elementId: string | undefined, message: string, code?: string): void;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** zeebe:calledDecision → the node's own fields; the decision itself is filled in by bindDecisions. */
export function businessRuleTaskFields(
  calledDecision: { decisionId?: unknown; resultVariable?: unknown; [key: string]: unknown } | undefined,
  id: string,
  out: Problems,
): Pick<BusinessRuleTaskNode, 'kind' | 'decisionId' | 'resultVariable' | 'decision'> {
  const decisionId = typeof calledDecision?.decisionId === 'string' ? calledDecision.decisionId.trim() : '';
  const resultVariable =
    typeof calledDecision?.resultVariable === 'string' ? calledDecision.resultVariable.trim() : '';
  if (!calledDecision)
    out.err(
      id,
      'a business rule task needs zeebe:calledDecision with a decisionId and a resultVariable (job-worker business rule tasks are not supported)',
      'DECISION_MISSING',
    );
  else {
    if (decisionId === '') out.err(id, 'zeebe:calledDecision needs a decisionId', 'DECISION_MISSING');
    else if (isFeel(decisionId))
      out.err(id, 'the decisionId must be a literal, not FEEL', 'DECISION_ID_FEEL');
    if (!VARIABLE.test(resultVariable))
      out.err(
        id,
        'zeebe:calledDecision needs a resultVariable that is a variable name',
        'RESULT_VARIABLE_INVALID',
      );
  }
  return {
    kind: 'businessRuleTask',
    decisionId,
    resultVariable,
    decision: { decisionId, version: 0, decisions: {} },
  };
}

/** Binds every business rule task to the latest deployed version of its decision; unknown ids are errors. */
export async function bindDecisions(
  nodes: Record<string, FlowNode>,
  resolve: ResolveDecision | undefined,
  out: Problems,
): Promise<void> {
  for (const node of Object.values(nodes)) {
    if (node.kind !== 'businessRuleTask' || node.decisionId === '' || isFeel(node.decisionId)) continue;
    const found = resolve ? await resolve(node.decisionId) : undefined;
    if (!found || !found.decisions[node.decisionId]) {
      out.err(
        node.id,
        `decision '${node.decisionId}' is not deployed (deploy its .dmn with POST /decisions first)`,
        'DECISION_NOT_DEPLOYED',
      );
      continue;
    }
    node.decision = { decisionId: node.decisionId, version: found.version, decisions: found.decisions };
  }
}
