// Thin wrapper around feelin: the only place the project touches the FEEL library.
// Pure (no Node built-ins) so the engine can use it inside the workflow sandbox.
import { evaluate, parseExpression } from 'feelin';

export class FeelError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeelError';
  }
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
    const tree = parseExpression(expression, {}, undefined);
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

function evaluateSlow(expression: string, context: Record<string, unknown>): unknown {
  try {
    return toPlain(evaluate(expression, context).value);
  } catch (err) {
    throw new FeelError(expression, `FEEL evaluation failed for "${expression}": ${(err as Error).message}`);
  }
}

/** A value that is FEEL when it starts with '=', else the literal string. */
export function evaluateValue(value: string, context: Record<string, unknown>): unknown {
  return isFeel(value) ? evaluateFeel(stripEquals(value), context) : value;
}
