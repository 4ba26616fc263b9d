// Evaluates a compiled DMN decision: pure and deterministic (no clock, no I/O), so it runs inside the workflow.
// Every FEEL expression and unary test goes through bpmn/feel, bounded like the rest of the engine's FEEL.
import { FeelError, evaluateFeel, evaluateUnaryTests } from '../feel/feel';
import {
  type CompiledDecision,
  type DecisionDef,
  type DecisionEvaluation,
  type DecisionTableDef,
  DmnEvaluationError,
  type EvaluatedDecision,
  type MatchedRule,
} from './dmn.types';

const SINGLE_HIT = new Set(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY']);

function feel(decisionId: string, expression: string, context: Record<string, unknown>): unknown {
  try {
    return evaluateFeel(expression, context);
  } catch (err) {
    if (err instanceof FeelError)
      throw new DmnEvaluationError(
        'DMN_EVALUATION_FAILED',
        decisionId,
        `decision '${decisionId}': ${err.message}`,
      );
    throw err;
  }
}

function matches(
  decisionId: string,
  tests: string,
  input: unknown,
  context: Record<string, unknown>,
): boolean {
  try {
    return evaluateUnaryTests(tests, input, context);
  } catch (err) {
    if (err instanceof FeelError)
      throw new DmnEvaluationError(
        'DMN_EVALUATION_FAILED',
        decisionId,
        `decision '${decisionId}': ${err.message}`,
      );
    throw err;
  }
}

/** One rule's result: the value when the table has one output, else a context keyed by output name. */
function shape(table: DecisionTableDef, outputs: Record<string, unknown>): unknown {
  return table.outputs.length === 1 ? outputs[table.outputs[0]?.name ?? ''] : outputs;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Position of a rule's outputs in the outputs' value lists (lower = higher priority), output by output. */
function priorityOf(table: DecisionTableDef, rule: MatchedRule): number[] {
  return table.outputs.map((o) => {
    const at = (o.values ?? []).findIndex((v) => same(v, rule.outputs[o.name]));
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  });
}

function comparePriority(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

function aggregate(table: DecisionTableDef, matched: MatchedRule[]): unknown {
  const name = table.outputs[0]?.name ?? '';
  const values = matched.map((m) => m.outputs[name]).filter((v) => v !== null && v !== undefined);
  if (table.aggregation === 'COUNT') return values.length;
  if (values.length === 0) return null;
  if (!values.every((v) => typeof v === 'number'))
    throw new DmnEvaluationError(
      'DMN_AGGREGATION_INVALID',
      table.id,
      `decision '${table.id}': COLLECT ${table.aggregation ?? ''} needs numbers, got ${JSON.stringify(values)}`,
    );
  const nums = values as number[];
  if (table.aggregation === 'MIN') return Math.min(...nums);
  if (table.aggregation === 'MAX') return Math.max(...nums);
  return nums.reduce((a, b) => a + b, 0);
}

function evaluateTable(
  table: DecisionTableDef,
  context: Record<string, unknown>,
  resultRequired: boolean,
): EvaluatedDecision {
  const inputs = table.inputs.map((i) => feel(table.id, i.expression, context));
  const matched: MatchedRule[] = [];
  table.rules.forEach((rule, i) => {
    for (let k = 0; k < inputs.length; k += 1)
      if (!matches(table.id, rule.inputEntries[k] ?? '-', inputs[k], context)) return;
    const outputs: Record<string, unknown> = {};
    table.outputs.forEach((o, k) => {
      const entry = (rule.outputEntries[k] ?? '').trim();
      outputs[o.name] = entry === '' ? null : feel(table.id, entry, context);
    });
    matched.push({ ruleId: rule.id, index: i + 1, outputs });
  });
  const hit = (rules: MatchedRule[], result: unknown): EvaluatedDecision => ({
    decisionId: table.id,
    matched: rules,
    result,
  });
  if (SINGLE_HIT.has(table.hitPolicy)) {
    if (matched.length === 0) {
      if (resultRequired)
        throw new DmnEvaluationError(
          'DMN_NO_MATCH',
          table.id,
          `decision '${table.id}': no rule matches the inputs ${JSON.stringify(inputs)}`,
        );
      return hit([], null);
    }
    const first = matched[0] as MatchedRule;
    switch (table.hitPolicy) {
      case 'UNIQUE':
        if (matched.length > 1)
          throw new DmnEvaluationError(
            'DMN_UNIQUE_VIOLATION',
            table.id,
            `decision '${table.id}' has hit policy UNIQUE but rules ${matched.map((m) => m.index).join(', ')} all match`,
          );
        return hit([first], shape(table, first.outputs));
      case 'ANY':
        if (matched.some((m) => !same(m.outputs, first.outputs)))
          throw new DmnEvaluationError(
            'DMN_ANY_CONFLICT',
            table.id,
            `decision '${table.id}' has hit policy ANY but the matching rules ${matched.map((m) => m.index).join(', ')} give different outputs`,
          );
        return hit(matched, shape(table, first.outputs));
      case 'PRIORITY': {
        // stable: among equal priorities the earlier rule wins
        const ranked = matched
          .map((m) => ({ m, p: priorityOf(table, m) }))
          .sort((a, b) => comparePriority(a.p, b.p) || a.m.index - b.m.index);
        const top = (ranked[0] as { m: MatchedRule }).m;
        return hit([top], shape(table, top.outputs));
      }
      default:
        return hit([first], shape(table, first.outputs));
    }
  }
  if (table.hitPolicy === 'COLLECT' && table.aggregation) return hit(matched, aggregate(table, matched));
  return hit(
    matched,
    matched.map((m) => shape(table, m.outputs)),
  );
}

/**
 * Evaluates `compiled.decisionId` against `variables`: required decisions first (their results are visible to the
 * later ones under their decision ids), each at most once. Throws DmnEvaluationError when no result can be given.
 */
export function evaluateDecision(
  compiled: CompiledDecision,
  variables: Record<string, unknown>,
): DecisionEvaluation {
  const results = new Map<string, unknown>();
  const evaluated: EvaluatedDecision[] = [];
  const visit = (id: string, depth: number): unknown => {
    if (results.has(id)) return results.get(id);
    const def: DecisionDef | undefined = compiled.decisions[id];
    if (!def || depth > Object.keys(compiled.decisions).length)
      throw new DmnEvaluationError(
        'DMN_EVALUATION_FAILED',
        id,
        `decision '${id}' is not part of the deployment`,
      );
    const context: Record<string, unknown> = { ...variables };
    for (const req of def.required) context[req] = visit(req, depth + 1);
    const one =
      def.kind === 'literal'
        ? { decisionId: id, matched: [], result: feel(id, def.expression, context) }
        : evaluateTable(def, context, id === compiled.decisionId);
    evaluated.push(one);
    results.set(id, one.result);
    return one.result;
  };
  const result = visit(compiled.decisionId, 0);
  return { result, evaluated };
}
