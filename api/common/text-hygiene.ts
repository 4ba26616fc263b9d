// What PostgreSQL and a sane audit trail cannot hold, refused once for every request: NUL characters and lone UTF-16
// surrogates in any string or key, JSON nested deeper than MAX_JSON_DEPTH, and numbers beyond the safe integers.
// Without this a NUL reached a jsonb column inside an activity, which retried forever while the caller waited.
import type { NextFunction, Request, Response } from 'express';
import { isBadText } from '../../db/pg-text';
import { sendErrorBody } from './api-exception.filter';
import { ApiError, type ErrorBody } from './error-body';

/** Deepest nesting of objects and arrays a request body may have (the body itself is level 1). */
export const MAX_JSON_DEPTH = 32;

export interface TextProblem {
  field: string;
  message: string;
  code: 'INVALID_TEXT' | 'NESTING_TOO_DEEP' | 'NUMBER_OUT_OF_RANGE';
}

function textMessage(s: string): string {
  return s.includes('\u0000')
    ? 'must not contain NUL (U+0000) characters'
    : 'must be valid Unicode text (it holds an unpaired UTF-16 surrogate)';
}

const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** The first problem in a parsed JSON value, naming its field path (`variables.note`, `items[2].reason`). */
export function findTextProblem(value: unknown, path = '', depth = 0): TextProblem | undefined {
  if (typeof value === 'string')
    return isBadText(value)
      ? { field: path || 'body', message: textMessage(value), code: 'INVALID_TEXT' }
      : undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value)))
      return {
        field: path || 'body',
        message: `must be a number between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`,
        code: 'NUMBER_OUT_OF_RANGE',
      };
    return undefined;
  }
  // Binary bodies (uploads) are bytes, not text.
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return undefined;
  if (depth + 1 > MAX_JSON_DEPTH)
    return {
      field: path || 'body',
      message: `is nested too deeply (at most ${MAX_JSON_DEPTH} levels of objects and arrays)`,
      code: 'NESTING_TOO_DEEP',
    };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findTextProblem(value[i], join(path, i), depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    if (isBadText(key))
      return {
        field: join(path, JSON.stringify(key)),
        message: `key ${textMessage(key)}`,
        code: 'INVALID_TEXT',
      };
    const p = findTextProblem(v, join(path, key), depth + 1);
    if (p) return p;
  }
  return undefined;
}

function refuse(problem: TextProblem, what: string): ApiError {
  return new ApiError(
    400,
    `Invalid ${what}: ${problem.field}`,
    [{ field: problem.field, message: problem.message }],
    problem.code,
  );
}

/** Express middleware, after the body parsers: 400 with the field and a stable code, before any route runs. */
export function textHygieneMiddleware(req: Request, res: Response, next: NextFunction): void {
  const path = pathProblem(req.path);
  const query = path ? undefined : findTextProblem(req.query as unknown);
  const body = path || query ? undefined : findTextProblem(req.body as unknown);
  const problem = path ?? query ?? body;
  if (!problem) {
    next();
    return;
  }
  const err = refuse(problem, path ? 'path' : query ? 'query' : 'request body');
  sendErrorBody(req, res, err.getResponse() as ErrorBody);
}

/** A path parameter such as `/users/a%00b` reaches SQL too. */
function pathProblem(rawPath: string): TextProblem | undefined {
  if (!rawPath.includes('%')) return undefined;
  for (const segment of rawPath.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      continue; // malformed escapes are the router's to refuse
    }
    if (isBadText(decoded)) return { field: 'path', message: textMessage(decoded), code: 'INVALID_TEXT' };
  }
  return undefined;
}
