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

/** Evaluates a FEEL expression (without '='); throws FeelError on a syntax or evaluation failure. */
export function evaluateFeel(expression: string, context: Record<string, unknown>): unknown {
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
