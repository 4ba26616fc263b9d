// Thin wrapper around feelin: the only place the project touches the FEEL library.
// Pure (no Node built-ins) so the engine can use it inside the workflow sandbox.
import { FeelRange, evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import { escapeLineBreaksInStrings } from './feel-line-breaks';

export class FeelError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeelError';
  }
}

// ---- bounds ----------------------------------------------------------------------------------------
// A deployed expression must never hang or exhaust the worker (`count(for i in 1..20000000 return i)`). The
// bounds count elements, never wall time, so a workflow evaluating the same expression on replay decides the same.

/** Largest range or list an expression may enumerate or produce. */
export const FEEL_MAX_LIST = 100_000;
/** Most range elements one evaluation may enumerate, and most iterations its nested loops may imply. */
export const FEEL_MAX_ITERATIONS = 200_000;

let rangeBudget = FEEL_MAX_ITERATIONS;

type RangeProto = { map(fn: (v: unknown) => unknown): unknown[] } & Record<string, unknown>;
const rangeProto = (FeelRange as unknown as { prototype: RangeProto }).prototype;
const unboundedMap = rangeProto.map;
// feelin enumerates number ranges one by one (and never stops on a fractional bound): check the size first.
rangeProto.map = function boundedMap(this: RangeProto, fn: (v: unknown) => unknown): unknown[] {
  const { start, end } = this;
  if (typeof start === 'number' && typeof end === 'number') {
    if (!Number.isInteger(start) || !Number.isInteger(end))
      throw new Error(`range ${start}..${end} has a fractional bound and cannot be enumerated`);
    const size = Math.abs(end - start) + 1;
    if (size > FEEL_MAX_LIST)
      throw new Error(`range ${start}..${end} has ${size} elements, more than the limit ${FEEL_MAX_LIST}`);
    rangeBudget -= size;
    if (rangeBudget < 0)
      throw new Error(`expression enumerates more than ${FEEL_MAX_ITERATIONS} range elements in total`);
  }
  return unboundedMap.call(this, fn);
};

const iterationDepthCache = new Map<string, number>();

/** How deeply loops (`for`/`some`/`every` variables, filters) nest in the expression. */
function iterationDepth(expression: string): number {
  const cached = iterationDepthCache.get(expression);
  if (cached !== undefined) return cached;
  let depth = 0;
  let max = 0;
  const opened: number[] = [];
  try {
    parseExpression(expression, {}, undefined).iterate({
      enter(node) {
        const name = node.type.name;
        if (name === 'ForExpression' || name === 'QuantifiedExpression') opened.push(0);
        else if (name === 'InExpression') {
          depth += 1;
          if (opened.length) opened[opened.length - 1] = (opened[opened.length - 1] as number) + 1;
        } else if (name === 'FilterExpression') depth += 1;
        max = Math.max(max, depth);
        return undefined;
      },
      leave(node) {
        const name = node.type.name;
        if (name === 'ForExpression' || name === 'QuantifiedExpression') depth -= opened.pop() ?? 0;
        else if (name === 'FilterExpression') depth -= 1;
      },
    });
  } catch {
    max = 0; // a syntax error is reported by the evaluation itself
  }
  if (iterationDepthCache.size < 10_000) iterationDepthCache.set(expression, max);
  return max;
}

/** The longest list anywhere in the value (deep), to bound what loops over variables may cost. */
function longestList(value: unknown, seen = 0): number {
  if (value === null || typeof value !== 'object' || seen > 64) return 0;
  let longest = 0;
  if (Array.isArray(value)) {
    longest = value.length;
    for (const item of value)
      if (item !== null && typeof item === 'object') longest = Math.max(longest, longestList(item, seen + 1));
    return longest;
  }
  for (const v of Object.values(value as Record<string, unknown>))
    if (v !== null && typeof v === 'object') longest = Math.max(longest, longestList(v, seen + 1));
  return longest;
}

function checkIterationCost(expression: string, context: Record<string, unknown>): void {
  const depth = iterationDepth(expression);
  if (depth === 0) return;
  const n = longestList(context);
  if (n > FEEL_MAX_LIST)
    throw new FeelError(
      expression,
      `FEEL expression "${expression}" iterates a list of ${n} elements, more than the limit ${FEEL_MAX_LIST}`,
    );
  if (depth > 1 && n ** depth > FEEL_MAX_ITERATIONS)
    throw new FeelError(
      expression,
      `FEEL expression "${expression}" nests ${depth} loops over lists of up to ${n} elements, more than ${FEEL_MAX_ITERATIONS} iterations`,
    );
}

function checkResultSize(expression: string, value: unknown): unknown {
  const n = longestList(value);
  if (n > FEEL_MAX_LIST)
    throw new FeelError(
      expression,
      `FEEL expression "${expression}" produced a list of ${n} elements, more than the limit ${FEEL_MAX_LIST}`,
    );
  return value;
}

/** Camunda 8 convention: a value starting with '=' is FEEL, anything else a literal. */
export function isFeel(value: string | undefined): value is string {
  return typeof value === 'string' && value.trimStart().startsWith('=');
}

export function stripEquals(value: string): string {
  return value.trimStart().slice(1);
}

/** Returns a message when the expression (without '=') does not parse, else undefined. */
export function feelSyntaxError(expression: string): string | undefined {
  if (expression.trim() === '') return 'empty FEEL expression';
  let message: string | undefined;
  try {
    const tree = parseExpression(escapeLineBreaksInStrings(expression), {}, undefined);
    tree.iterate({
      enter(node) {
        if (message) return false;
        if (node.type.isError) {
          message = `FEEL syntax error at position ${node.from} in "${expression}"`;
          return false;
        }
        return undefined;
      },
    });
  } catch (err) {
    message = `FEEL syntax error in "${expression}": ${(err as Error).message}`;
  }
  return message;
}

/** FEEL values as plain JSON (dates, durations and ranges become strings, functions null). */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'function') return null;
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype && proto !== null) {
      const s = String(value);
      return s === '[object Object]' ? null : s;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v);
    return out;
  }
  return null;
}

// ---- fast path -------------------------------------------------------------------------------------
// Most expressions in review processes are a variable, a path or a comparison with a literal
// (`=businessKey`, `=decision = "pass"`, `=averageScore >= 60`). feelin re-parses every expression with the
// whole context on each call, so these common shapes are evaluated directly; anything else, or any case
// where FEEL's null/type rules could differ, falls back to feelin.

type Operand =
  | { kind: 'path'; path: string[] }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'call'; fn: 'count' | 'sum' | 'mean' | 'min' | 'max'; arg: string[] };
type Fast =
  { kind: 'operand'; operand: Operand } | { kind: 'compare'; op: string; left: Operand; right: Operand };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const STRING = /^"([^"\\]*)"$/;
const RESERVED = new Set([
  'true',
  'false',
  'null',
  'not',
  'and',
  'or',
  'for',
  'if',
  'then',
  'else',
  'some',
  'every',
  'in',
  'return',
  'satisfies',
  'between',
  'instance',
  'of',
  'function',
  'external',
]);
const COMPARISON = /^(.+?)\s*(<=|>=|!=|=|<|>)\s*(.+)$/;
const CALL = /^(count|sum|mean|min|max)\(\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\)$/;
const fastCache = new Map<string, Fast | null>();
const NO_FAST = Symbol('no-fast');

function operand(text: string): Operand | undefined {
  const t = text.trim();
  if (t === 'true' || t === 'false') return { kind: 'literal', value: t === 'true' };
  if (t === 'null') return { kind: 'literal', value: null };
  if (NUMBER.test(t)) return { kind: 'literal', value: Number(t) };
  const str = STRING.exec(t);
  if (str) return { kind: 'literal', value: str[1] as string };
  const call = CALL.exec(t);
  if (call) {
    const arg = (call[2] as string).split('.');
    if (arg.every((p) => NAME.test(p) && !RESERVED.has(p)))
      return { kind: 'call', fn: call[1] as 'count', arg };
  }
  const path = t.split('.');
  if (path.every((p) => NAME.test(p) && !RESERVED.has(p))) return { kind: 'path', path };
  return undefined;
}

function compileFast(expression: string): Fast | null {
  const whole = operand(expression);
  if (whole) return { kind: 'operand', operand: whole };
  const m = COMPARISON.exec(expression.trim());
  if (!m) return null;
  const left = operand(m[1] as string);
  const right = operand(m[3] as string);
  return left && right ? { kind: 'compare', op: m[2] as string, left, right } : null;
}

/** count/sum/mean/min/max over a non-empty list of numbers; anything else is left to feelin. */
function aggregate(fn: string, list: unknown): unknown {
  if (!Array.isArray(list)) return NO_FAST;
  if (fn === 'count') return list.length;
  if (list.length === 0 || !list.every((n) => typeof n === 'number')) return NO_FAST;
  const nums = list as number[];
  if (fn === 'min') return Math.min(...nums);
  if (fn === 'max') return Math.max(...nums);
  const sum = nums.reduce((a, b) => a + b, 0);
  // FEEL numbers are decimals: only take the shortcut when binary floating point is exact
  if (!nums.every(Number.isInteger)) return NO_FAST;
  if (fn === 'sum') return sum;
  return Number.isInteger(sum / nums.length) ? sum / nums.length : NO_FAST;
}

function resolve(o: Operand, context: Record<string, unknown>): unknown {
  if (o.kind === 'literal') return o.value;
  if (o.kind === 'call') return aggregate(o.fn, resolve({ kind: 'path', path: o.arg }, context));
  let cur: unknown = context;
  for (const p of o.path) {
    if (cur === null) return null;
    // FEEL maps a path over lists and reads date/time components: leave those to feelin
    if (typeof cur !== 'object' || Array.isArray(cur) || Object.getPrototypeOf(cur) !== Object.prototype)
      return NO_FAST;
    cur = (cur as Record<string, unknown>)[p];
    if (cur === undefined) return null;
  }
  return cur;
}

function evaluateFast(fast: Fast, context: Record<string, unknown>): unknown {
  if (fast.kind === 'operand') {
    const v = resolve(fast.operand, context);
    if (v === NO_FAST) return NO_FAST;
    // only JSON-shaped values are safe to hand back unchanged
    return v === null ||
      ['string', 'number', 'boolean'].includes(typeof v) ||
      Array.isArray(v) ||
      Object.getPrototypeOf(v) === Object.prototype
      ? v
      : NO_FAST;
  }
  const a = resolve(fast.left, context);
  const b = resolve(fast.right, context);
  if (a === NO_FAST || b === NO_FAST) return NO_FAST;
  const same =
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string') ||
    (typeof a === 'boolean' && typeof b === 'boolean');
  if (fast.op === '=' || fast.op === '!=') {
    if (!same) return NO_FAST;
    return fast.op === '=' ? a === b : a !== b;
  }
  if (typeof a !== 'number' || typeof b !== 'number') return NO_FAST;
  switch (fast.op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/** Evaluates a FEEL expression (without '='); throws FeelError on a syntax or evaluation failure. */
export function evaluateFeel(expression: string, context: Record<string, unknown>): unknown {
  let fast = fastCache.get(expression);
  if (fast === undefined) {
    fast = compileFast(expression);
    if (fastCache.size < 10_000) fastCache.set(expression, fast);
  }
  if (fast) {
    const value = evaluateFast(fast, context);
    if (value !== NO_FAST) return value;
  }
  return evaluateSlow(expression, context);
}

function evaluateSlow(raw: string, context: Record<string, unknown>): unknown {
  const expression = escapeLineBreaksInStrings(raw);
  checkIterationCost(expression, context);
  let value: unknown;
  rangeBudget = FEEL_MAX_ITERATIONS;
  try {
    value = toPlain(evaluate(expression, context).value);
  } catch (err) {
    throw new FeelError(expression, `FEEL evaluation failed for "${expression}": ${(err as Error).message}`);
  }
  return checkResultSize(expression, value);
}

/** A value that is FEEL when it starts with '=', else the literal string. */
export function evaluateValue(value: string, context: Record<string, unknown>): unknown {
  return isFeel(value) ? evaluateFeel(stripEquals(value), context) : value;
}

// ---- unary tests (DMN input entries) ----------------------------------------------------------------

/** Returns a message when the unary tests (a DMN input entry) do not parse, else undefined. */
export function unaryTestsSyntaxError(tests: string): string | undefined {
  if (tests.trim() === '' || tests.trim() === '-') return undefined;
  let message: string | undefined;
  try {
    parseUnaryTests(tests, {}, undefined).iterate({
      enter(node) {
        if (message) return false;
        if (node.type.isError) {
          message = `FEEL unary-test syntax error at position ${node.from} in "${tests}"`;
          return false;
        }
        return undefined;
      },
    });
  } catch (err) {
    message = `FEEL unary-test syntax error in "${tests}": ${(err as Error).message}`;
  }
  return message;
}

// Decision tables are mostly number comparisons, number intervals and lists of strings: those are decided here
// (feelin re-parses on every call, ~0.2-1 ms each); anything else, or another input type, goes to feelin.
type FastUnary =
  | { kind: 'compare'; op: string; value: number }
  | { kind: 'interval'; lo: number; hi: number; loIn: boolean; hiIn: boolean }
  | { kind: 'strings'; values: string[] };
const UNARY_NUM = '-?\\d+(?:\\.\\d+)?';
const UNARY_COMPARE = new RegExp(`^(<=|>=|<|>|=)?\\s*(${UNARY_NUM})$`);
const UNARY_INTERVAL = new RegExp(`^([\\[(\\]])\\s*(${UNARY_NUM})\\s*\\.\\.\\s*(${UNARY_NUM})\\s*([\\])[])$`);
const UNARY_STRINGS = /^"[^"\\]*"(\s*,\s*"[^"\\]*")*$/;
const unaryCache = new Map<string, FastUnary | null>();

function compileUnary(t: string): FastUnary | null {
  const c = UNARY_COMPARE.exec(t);
  if (c) return { kind: 'compare', op: c[1] ?? '=', value: Number(c[2]) };
  const i = UNARY_INTERVAL.exec(t);
  if (i)
    return { kind: 'interval', lo: Number(i[2]), hi: Number(i[3]), loIn: i[1] === '[', hiIn: i[4] === ']' };
  if (UNARY_STRINGS.test(t))
    return { kind: 'strings', values: [...t.matchAll(/"([^"\\]*)"/g)].map((m) => m[1] as string) };
  return null;
}

/**
 * The fast answer, or undefined when feelin must decide. A number test on a non-number, or a string list on a
 * non-string, does not match: FEEL compares values of different types to null (feelin would say `"x" >= 80`).
 */
function unaryFast(t: string, input: unknown): boolean | undefined {
  let fast = unaryCache.get(t);
  if (fast === undefined) {
    fast = compileUnary(t);
    if (unaryCache.size < 10_000) unaryCache.set(t, fast);
  }
  if (!fast) return undefined;
  if (fast.kind === 'strings') return typeof input === 'string' && fast.values.includes(input);
  if (typeof input !== 'number' || !Number.isFinite(input)) return false;
  if (fast.kind === 'interval')
    return (
      (fast.loIn ? input >= fast.lo : input > fast.lo) && (fast.hiIn ? input <= fast.hi : input < fast.hi)
    );
  switch (fast.op) {
    case '<':
      return input < fast.value;
    case '<=':
      return input <= fast.value;
    case '>':
      return input > fast.value;
    case '>=':
      return input >= fast.value;
    default:
      return input === fast.value;
  }
}

/** Does `input` satisfy the unary tests (`>= 80`, `[60..80)`, `"A","B"`, `-`)? Bounded like expressions. */
export function evaluateUnaryTests(tests: string, input: unknown, context: Record<string, unknown>): boolean {
  const t = tests.trim();
  if (t === '' || t === '-') return true;
  const fast = unaryFast(t, input);
  if (fast !== undefined) return fast;
  const ctx = { ...context, '?': input, cellInput: input };
  checkIterationCost(t, ctx);
  rangeBudget = FEEL_MAX_ITERATIONS;
  try {
    return unaryTest(t, ctx).value === true;
  } catch (err) {
    throw new FeelError(t, `FEEL unary test "${t}" failed: ${(err as Error).message}`);
  }
}
