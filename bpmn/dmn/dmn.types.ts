// Compiled DMN decisions: plain JSON carried by the process graph, so the workflow evaluates without I/O.

export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface DecisionInputDef {
  id: string;
  label?: string;
  /** FEEL expression (no leading '=') giving the value the input entries test */
  expression: string;
}

export interface DecisionOutputDef {
  id: string;
  /** the result's key when the table has several outputs */
  name: string;
  label?: string;
  /** output values in priority order (PRIORITY), as plain JSON */
  values?: unknown[];
}

export interface DecisionRuleDef {
  id: string;
  description?: string;
  /** FEEL unary tests, one per input ('-' = any) */
  inputEntries: string[];
  /** FEEL expressions, one per output ('' = null) */
  outputEntries: string[];
}

interface DecisionBase {
  id: string;
  name?: string;
  /** ids of the decisions whose results this one reads (informationRequirement), by decision id */
  required: string[];
}

export interface DecisionTableDef extends DecisionBase {
  kind: 'table';
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: DecisionInputDef[];
  outputs: DecisionOutputDef[];
  rules: DecisionRuleDef[];
}

export interface LiteralDecisionDef extends DecisionBase {
  kind: 'literal';
  expression: string;
}

export type DecisionDef = DecisionTableDef | LiteralDecisionDef;

/** A deployed decision bound into a graph: the called decision and every decision it requires, transitively. */
export interface CompiledDecision {
  decisionId: string;
  version: number;
  decisions: Record<string, DecisionDef>;
}

export interface MatchedRule {
  ruleId: string;
  /** 1-based position of the rule in its table */
  index: number;
  outputs: Record<string, unknown>;
}

export interface EvaluatedDecision {
  decisionId: string;
  /** matched rules of a table (empty for literal expressions) */
  matched: MatchedRule[];
  result: unknown;
}

export interface DecisionEvaluation {
  result: unknown;
  /** every decision evaluated, required ones first */
  evaluated: EvaluatedDecision[];
}

export type DmnErrorCode =
  | 'DMN_UNIQUE_VIOLATION'
  | 'DMN_ANY_CONFLICT'
  | 'DMN_NO_MATCH'
  | 'DMN_AGGREGATION_INVALID'
  | 'DMN_EVALUATION_FAILED';

/** A decision cannot produce a result: the business rule task stops with an incident carrying the code. */
export class DmnEvaluationError extends Error {
  constructor(
    readonly code: DmnErrorCode,
    readonly decisionId: string,
    message: string,
  ) {
    super(message);
    this.name = 'DmnEvaluationError';
  }
}

/** Deploy-time bounds, so a table can never cost more than a few thousand FEEL evaluations per call. */
export const DMN_LIMITS = {
  maxRules: 500,
  maxInputs: 20,
  maxOutputs: 20,
  /** input entries per table (rules × inputs): what one evaluation may test */
  maxInputEntries: 2_500,
  maxDecisions: 50,
} as const;
