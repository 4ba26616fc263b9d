// DMN 1.3 XML (as Camunda Modeler writes it) → compiled decisions (bpmn/dmn/dmn.types). Node-side, no I/O.
// Never throws on bad input: every problem is reported with the DMN element id and a stable code.
import { DmnModdle } from 'dmn-moddle';
import {
  AGGREGATIONS,
  type Aggregation,
  type DecisionDef,
  type DecisionOutputDef,
  DMN_LIMITS,
  HIT_POLICIES,
  type HitPolicy,
} from '../dmn/dmn.types';
import { evaluateFeel, feelSyntaxError, unaryTestsSyntaxError } from '../feel/feel';

export type { DecisionDef } from '../dmn/dmn.types';

export type DmnProblemCode = 'DMN_UNREADABLE' | 'DMN_INVALID' | 'DMN_UNSUPPORTED';

export interface DmnProblem {
  elementId?: string;
  code: DmnProblemCode;
  message: string;
}

export type DmnCompileResult =
  | { ok: true; definitionsId: string; name?: string; decisions: Record<string, DecisionDef> }
  | { ok: false; errors: DmnProblem[] };

export const MAX_DMN_BYTES = 1024 * 1024;
const DECISION_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/;
const FEEL_LANGUAGES = new Set(['feel', 'https://www.omg.org/spec/dmn/20191111/feel/']);

interface Mod {
  $type: string;
  id?: string;
  name?: string;
  [key: string]: unknown;
}
const arr = (v: unknown): Mod[] => (Array.isArray(v) ? (v as Mod[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const text = (v: unknown): string => (str((v as Mod | undefined)?.text) ?? '').trim();

class DmnCompiler {
  readonly errors: DmnProblem[] = [];

  err(elementId: string | undefined, code: DmnProblemCode, message: string): void {
    this.errors.push(elementId ? { elementId, code, message } : { code, message });
  }

  language(el: Mod | undefined, owner: string): void {
    const lang = str(el?.expressionLanguage);
    if (lang !== undefined && !FEEL_LANGUAGES.has(lang.toLowerCase()))
      this.err(owner, 'DMN_UNSUPPORTED', `expression language '${lang}' is not supported (use FEEL)`);
  }

  private expression(owner: string, value: string, what: string): void {
    const problem = feelSyntaxError(value);
    if (problem) this.err(owner, 'DMN_INVALID', `${what}: ${problem}`);
  }

  decision(d: Mod): DecisionDef | undefined {
    const id = d.id ?? '';
    const required: string[] = [];
    for (const r of arr(d.informationRequirement)) {
      const href = str((r.requiredDecision as Mod | undefined)?.href);
      if (href !== undefined) required.push(href.replace(/^#/, ''));
    }
    if (arr(d.knowledgeRequirement).length)
      this.err(id, 'DMN_UNSUPPORTED', 'business knowledge models (knowledgeRequirement) are not supported');
    const logic = d.decisionLogic as Mod | undefined;
    const base = { id, ...(d.name ? { name: d.name } : {}), required };
    if (!logic) {
      this.err(id, 'DMN_INVALID', 'the decision has no decision table or literal expression');
      return undefined;
    }
    if (logic.$type === 'dmn:LiteralExpression') {
      this.language(logic, id);
      const expression = text(logic);
      if (expression === '') this.err(id, 'DMN_INVALID', 'the literal expression is empty');
      else this.expression(id, expression, 'literal expression');
      return { ...base, kind: 'literal', expression };
    }
    if (logic.$type !== 'dmn:DecisionTable') {
      this.err(
        id,
        'DMN_UNSUPPORTED',
        `decision logic ${logic.$type.replace('dmn:', '')} is not supported (use a decision table or a literal expression)`,
      );
      return undefined;
    }
    return this.table(logic, base);
  }

  private table(t: Mod, base: { id: string; name?: string; required: string[] }): DecisionDef | undefined {
    const id = base.id;
    const tableId = t.id ?? id;
    const hitPolicy = (str(t.hitPolicy) ?? 'UNIQUE') as HitPolicy;
    if (!HIT_POLICIES.includes(hitPolicy))
      this.err(tableId, 'DMN_UNSUPPORTED', `hit policy ${hitPolicy} is not supported`);
    const aggregation = str(t.aggregation) as Aggregation | undefined;
    if (aggregation !== undefined) {
      if (hitPolicy !== 'COLLECT')
        this.err(tableId, 'DMN_INVALID', `aggregation ${aggregation} only goes with hit policy COLLECT`);
      else if (!AGGREGATIONS.includes(aggregation))
        this.err(tableId, 'DMN_UNSUPPORTED', `aggregation ${aggregation} is not supported`);
    }
    const inputs = arr(t.input).map((i) => {
      const expr = i.inputExpression as Mod | undefined;
      this.language(expr, i.id ?? tableId);
      const expression = text(expr);
      if (expression === '') this.err(i.id ?? tableId, 'DMN_INVALID', 'an input without an input expression');
      else this.expression(i.id ?? tableId, expression, 'input expression');
      return { id: i.id ?? '', ...(str(i.label) ? { label: str(i.label) } : {}), expression };
    });
    const outputsRaw = arr(t.output);
    if (outputsRaw.length === 0)
      this.err(tableId, 'DMN_INVALID', 'a decision table needs at least one output');
    if (inputs.length > DMN_LIMITS.maxInputs || outputsRaw.length > DMN_LIMITS.maxOutputs)
      this.err(
        tableId,
        'DMN_UNSUPPORTED',
        `a decision table may have at most ${DMN_LIMITS.maxInputs} inputs and ${DMN_LIMITS.maxOutputs} outputs`,
      );
    const names = new Set<string>();
    const outputs: DecisionOutputDef[] = outputsRaw.map((o) => {
      const oid = o.id ?? tableId;
      const name = str(o.name)?.trim() ?? '';
      if (name === '' && outputsRaw.length > 1)
        this.err(oid, 'DMN_INVALID', 'each output of a table with several outputs needs a name');
      else if (names.has(name)) this.err(oid, 'DMN_INVALID', `two outputs are named '${name}'`);
      names.add(name);
      if (o.defaultOutputEntry) this.err(oid, 'DMN_UNSUPPORTED', 'default output entries are not supported');
      const out: DecisionOutputDef = { id: o.id ?? '', name: name || 'result' };
      if (str(o.label)) out.label = str(o.label);
      const valuesText = text(o.outputValues);
      if (valuesText !== '') {
        try {
          const values = evaluateFeel(`[${valuesText}]`, {});
          if (Array.isArray(values)) out.values = values;
          else throw new Error('not a list');
        } catch {
          this.err(
            oid,
            'DMN_INVALID',
            `output values "${valuesText}" must be a list of literals, e.g. "A","B"`,
          );
        }
      }
      return out;
    });
    if (aggregation !== undefined && outputs.length > 1)
      this.err(tableId, 'DMN_UNSUPPORTED', `COLLECT ${aggregation} needs exactly one output`);
    if (hitPolicy === 'PRIORITY' && !outputs.some((o) => o.values?.length))
      this.err(
        tableId,
        'DMN_INVALID',
        'hit policy PRIORITY needs output values (their order is the priority)',
      );
    const rulesRaw = arr(t.rule);
    if (rulesRaw.length > DMN_LIMITS.maxRules)
      this.err(tableId, 'DMN_UNSUPPORTED', `a decision table may have at most ${DMN_LIMITS.maxRules} rules`);
    else if (rulesRaw.length * inputs.length > DMN_LIMITS.maxInputEntries)
      this.err(
        tableId,
        'DMN_UNSUPPORTED',
        `a decision table may have at most ${DMN_LIMITS.maxInputEntries} input entries (rules × inputs)`,
      );
    const rules = rulesRaw.map((r) => {
      const rid = r.id ?? tableId;
      const ins = arr(r.inputEntry);
      const outs = arr(r.outputEntry);
      if (ins.length !== inputs.length)
        this.err(rid, 'DMN_INVALID', `the rule has ${ins.length} input entries for ${inputs.length} inputs`);
      if (outs.length !== outputs.length)
        this.err(
          rid,
          'DMN_INVALID',
          `the rule has ${outs.length} output entries for ${outputs.length} outputs`,
        );
      const inputEntries = ins.map((e) => {
        this.language(e, rid);
        const v = text(e);
        const problem = unaryTestsSyntaxError(v);
        if (problem) this.err(rid, 'DMN_INVALID', `input entry: ${problem}`);
        return v === '' ? '-' : v;
      });
      const outputEntries = outs.map((e) => {
        this.language(e, rid);
        const v = text(e);
        if (v !== '') this.expression(rid, v, 'output entry');
        return v;
      });
      const description = str(r.description)?.trim();
      return { id: r.id ?? '', ...(description ? { description } : {}), inputEntries, outputEntries };
    });
    return {
      ...base,
      kind: 'table',
      hitPolicy,
      ...(aggregation ? { aggregation } : {}),
      inputs,
      outputs,
      rules,
    };
  }
}

/** Reads a DMN file: every decision, compiled; refuses what reviewflow cannot evaluate, naming the element. */
export async function compileDmn(xml: string): Promise<DmnCompileResult> {
  if (typeof xml !== 'string' || xml.trim() === '')
    return { ok: false, errors: [{ code: 'DMN_UNREADABLE', message: 'the DMN document is empty' }] };
  if (Buffer.byteLength(xml, 'utf8') > MAX_DMN_BYTES)
    return {
      ok: false,
      errors: [
        { code: 'DMN_UNSUPPORTED', message: `the DMN document is larger than ${MAX_DMN_BYTES} bytes` },
      ],
    };
  let root: Mod;
  const c = new DmnCompiler();
  try {
    const parsed = await new DmnModdle().fromXML(xml, 'dmn:Definitions');
    root = parsed.rootElement as Mod;
    for (const w of parsed.warnings)
      if (!/^unresolved reference/.test(w.message))
        c.err(w.element?.id, 'DMN_INVALID', w.message.split('\n')[0] ?? w.message);
  } catch (err) {
    const message = (err as Error).message.split('\n')[0] ?? '';
    const hint = /unexpected element <[^>]*definitions>/i.test(message)
      ? ' (is the root <definitions> in the DMN 1.3 namespace https://www.omg.org/spec/DMN/20191111/MODEL/?)'
      : '';
    return {
      ok: false,
      errors: [{ code: 'DMN_UNREADABLE', message: `not a readable DMN 1.3 document: ${message}${hint}` }],
    };
  }
  c.language(root, root.id ?? '');
  const decisions: Record<string, DecisionDef> = {};
  const elements = arr(root.drgElement);
  for (const el of elements) {
    if (el.$type === 'dmn:InputData' || el.$type === 'dmn:KnowledgeSource') continue; // documentation only
    if (el.$type !== 'dmn:Decision') {
      c.err(el.id, 'DMN_UNSUPPORTED', `${el.$type.replace('dmn:', '')} is not supported`);
      continue;
    }
    const id = el.id ?? '';
    if (!DECISION_ID.test(id)) {
      c.err(
        id || undefined,
        'DMN_INVALID',
        `decision id '${id}' must be a letter or _ then letters, digits, _ . -`,
      );
      continue;
    }
    const def = c.decision(el);
    if (def) decisions[id] = def;
  }
  const ids = Object.keys(decisions);
  if (ids.length === 0 && c.errors.length === 0)
    c.err(root.id, 'DMN_INVALID', 'the document has no decision');
  if (ids.length > DMN_LIMITS.maxDecisions)
    c.err(root.id, 'DMN_UNSUPPORTED', `a DMN document may hold at most ${DMN_LIMITS.maxDecisions} decisions`);
  for (const d of Object.values(decisions))
    for (const r of d.required)
      if (!decisions[r] && !elements.some((e) => e.id === r))
        c.err(d.id, 'DMN_INVALID', `required decision '${r}' is not in this document`);
  // a cycle of required decisions can never be evaluated
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      c.err(id, 'DMN_INVALID', `required decisions form a cycle: ${[...path, id].join(' → ')}`);
      return;
    }
    state.set(id, 'open');
    for (const r of decisions[id]?.required ?? []) if (decisions[r]) visit(r, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of ids) visit(id, []);
  if (c.errors.length) return { ok: false, errors: dedupe(c.errors) };
  return { ok: true, definitionsId: root.id ?? '', ...(root.name ? { name: root.name } : {}), decisions };
}

/** The decision and every decision it requires, transitively: what a graph carries for one called decision. */
export function decisionClosure(
  decisions: Record<string, DecisionDef>,
  decisionId: string,
): Record<string, DecisionDef> {
  const out: Record<string, DecisionDef> = {};
  const add = (id: string): void => {
    const d = decisions[id];
    if (!d || out[id]) return;
    out[id] = d;
    d.required.forEach(add);
  };
  add(decisionId);
  return out;
}

function dedupe(errors: DmnProblem[]): DmnProblem[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.elementId ?? ''}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
