// Checks submitted variables against a form's field specs, and decides what a completion may write
// (contract §1, data contract of a step). Pure and deterministic: the API and the workflow run the same code.
import type { FormFieldSpec, FormSpec } from './form-schema';

export type FieldProblemCode =
  | 'FIELD_NOT_WRITABLE'
  | 'FIELD_REQUIRED'
  | 'FIELD_TYPE'
  | 'FIELD_NOT_AN_OPTION'
  | 'FIELD_RANGE'
  | 'FIELD_LENGTH'
  | 'FIELD_PATTERN'
  | 'FIELD_DATE';

export interface FieldProblem {
  field: string;
  code: FieldProblemCode;
  message: string;
}

/** Longest text a `pattern` is run on: bounds the cost of a pathological expression (ReDoS). */
export const MAX_PATTERN_INPUT = 1000;
/** Longest list a checklist, taglist or filepicker value may hold. */
export const MAX_LIST_ITEMS = 200;

/** Written by every completion, whatever the step's contract. */
export const ALWAYS_WRITABLE: readonly string[] = ['decision', 'comment'];

const EMAIL =
  /^[^\s@]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const PHONE = /^\+?\d[\d -]{5,19}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;

const empty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function validDateValue(subtype: FormFieldSpec['subtype'], s: string): boolean {
  if (subtype === 'time') return TIME.test(s);
  if (subtype === 'datetime') {
    const at = s.indexOf('T');
    return at > 0 && validDate(s.slice(0, at)) && TIME.test(s.slice(at + 1));
  }
  return validDate(s);
}

const name = (f: FormFieldSpec): string => (f.label ? `${f.label} (${f.key})` : f.key);

/** Problems of one field's value; `value` is known to be present (not empty). */
function checkValue(f: FormFieldSpec, value: unknown): FieldProblem | undefined {
  const problem = (code: FieldProblemCode, message: string): FieldProblem => ({
    field: f.key,
    code,
    message,
  });
  switch (f.type) {
    case 'textfield':
    case 'textarea': {
      if (typeof value !== 'string') return problem('FIELD_TYPE', `${name(f)} must be text`);
      const length = [...value].length;
      if (f.minLength !== undefined && length < f.minLength)
        return problem('FIELD_LENGTH', `${name(f)} must have at least ${f.minLength} characters`);
      if (f.maxLength !== undefined && length > f.maxLength)
        return problem('FIELD_LENGTH', `${name(f)} must have at most ${f.maxLength} characters`);
      if (f.pattern !== undefined) {
        if (value.length > MAX_PATTERN_INPUT)
          return problem('FIELD_LENGTH', `${name(f)} is too long to check (at most ${MAX_PATTERN_INPUT})`);
        if (!new RegExp(f.pattern).test(value))
          return problem('FIELD_PATTERN', `${name(f)} does not match the pattern ${f.pattern}`);
      }
      if (f.format === 'email' && (value.length > 254 || !EMAIL.test(value)))
        return problem('FIELD_PATTERN', `${name(f)} must be an e-mail address`);
      if (f.format === 'phone' && !PHONE.test(value))
        return problem('FIELD_PATTERN', `${name(f)} must be a phone number`);
      return undefined;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return problem('FIELD_TYPE', `${name(f)} must be a number`);
      if (f.min !== undefined && value < f.min)
        return problem('FIELD_RANGE', `${name(f)} must be at least ${f.min}`);
      if (f.max !== undefined && value > f.max)
        return problem('FIELD_RANGE', `${name(f)} must be at most ${f.max}`);
      return undefined;
    }
    case 'checkbox':
      return typeof value === 'boolean'
        ? undefined
        : problem('FIELD_TYPE', `${name(f)} must be true or false`);
    case 'select':
    case 'radio': {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        return problem('FIELD_TYPE', `${name(f)} must be one of its options`);
      if (f.options && !f.options.includes(value))
        return problem(
          'FIELD_NOT_AN_OPTION',
          `${name(f)}: ${JSON.stringify(value)} is not one of ${f.options.map((o) => JSON.stringify(o)).join(', ')}`,
        );
      return undefined;
    }
    case 'checklist':
    case 'taglist':
    case 'filepicker': {
      const itemType = f.type === 'filepicker' ? 'attachment ids' : 'values';
      if (!Array.isArray(value)) return problem('FIELD_TYPE', `${name(f)} must be a list of ${itemType}`);
      if (value.length > MAX_LIST_ITEMS)
        return problem('FIELD_LENGTH', `${name(f)} may hold at most ${MAX_LIST_ITEMS} items`);
      if (f.type === 'filepicker') {
        if (!value.every((v) => typeof v === 'string' && v !== ''))
          return problem('FIELD_TYPE', `${name(f)} must be a list of attachment ids`);
        if (!f.multiple && value.length > 1)
          return problem('FIELD_LENGTH', `${name(f)} takes one attachment`);
        return undefined;
      }
      for (const item of value) {
        if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean')
          return problem('FIELD_TYPE', `${name(f)} must be a list of ${itemType}`);
        if (f.options && !f.options.includes(item))
          return problem(
            'FIELD_NOT_AN_OPTION',
            `${name(f)}: ${JSON.stringify(item)} is not one of its options`,
          );
      }
      return undefined;
    }
    case 'datetime': {
      const what =
        f.subtype === 'time'
          ? 'a time (HH:mm)'
          : f.subtype === 'datetime'
            ? 'a date and time'
            : 'a date (YYYY-MM-DD)';
      if (typeof value !== 'string' || !validDateValue(f.subtype, value))
        return problem('FIELD_DATE', `${name(f)} must be ${what}`);
      return undefined;
    }
  }
}

/** Every problem of `variables` against the form: unknown or read-only keys, types, options, required, ranges. */
export function validateFormValues(
  fields: readonly FormFieldSpec[],
  variables: Record<string, unknown>,
  alsoWritable: readonly string[] = [],
): FieldProblem[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(variables)) {
    if (alsoWritable.includes(key)) continue;
    const f = byKey.get(key);
    if (!f)
      problems.push({
        field: key,
        code: 'FIELD_NOT_WRITABLE',
        message: `${key} is not a field of this form`,
      });
    else if (f.readOnly)
      problems.push({ field: key, code: 'FIELD_NOT_WRITABLE', message: `${name(f)} is read-only` });
  }
  for (const f of fields) {
    if (f.readOnly) continue;
    const value = variables[f.key];
    const blank = empty(value) || (f.type === 'checkbox' && value === false);
    if (f.required && blank) {
      problems.push({ field: f.key, code: 'FIELD_REQUIRED', message: `${name(f)} is required` });
      continue;
    }
    if (value === undefined || value === null) continue;
    if (value === '' && (f.type === 'textfield' || f.type === 'textarea')) continue;
    const p = checkValue(f, value);
    if (p) problems.push(p);
  }
  return problems;
}

/** What a step's completion may write: its form's fields, else its rf:writes, plus decision and comment. */
export interface WriteContract {
  form?: FormSpec;
  writes?: readonly string[];
}

/** Problems of a completion's variables against the step's data contract (empty: acceptable). */
export function validateWrites(contract: WriteContract, variables: Record<string, unknown>): FieldProblem[] {
  if (contract.form) return validateFormValues(contract.form.fields, variables, ALWAYS_WRITABLE);
  const writable = new Set([...(contract.writes ?? []), ...ALWAYS_WRITABLE]);
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(variables)) {
    if (!writable.has(key))
      problems.push({
        field: key,
        code: 'FIELD_NOT_WRITABLE',
        message: contract.writes?.length
          ? `${key} is not writable here (writable: ${[...writable].join(', ')})`
          : `${key} is not writable here (only decision and comment)`,
      });
  }
  return problems;
}

/** The error code a list of problems is reported with: FIELD_NOT_WRITABLE wins, else FIELD_INVALID. */
export function problemsCode(problems: readonly FieldProblem[]): 'FIELD_NOT_WRITABLE' | 'FIELD_INVALID' {
  return problems.some((p) => p.code === 'FIELD_NOT_WRITABLE') ? 'FIELD_NOT_WRITABLE' : 'FIELD_INVALID';
}
