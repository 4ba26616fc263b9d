// Camunda Forms (form-js) schema → the normalised field specs a completion is checked against. Pure: no DOM, no I/O,
// so the compiled graph can carry the result and the workflow can validate without loading anything.

export type FormFieldType =
  | 'textfield'
  | 'textarea'
  | 'number'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'checklist'
  | 'taglist'
  | 'datetime'
  | 'filepicker';

export type FormOptionValue = string | number | boolean;

/** One input field of a form, as the validator needs it. */
export interface FormFieldSpec {
  key: string;
  type: FormFieldType;
  label?: string;
  required?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** form-js validationType */
  format?: 'email' | 'phone';
  options?: FormOptionValue[];
  /** datetime subtype */
  subtype?: 'date' | 'time' | 'datetime';
  /** readonly or disabled: shown, never written by a completion */
  readOnly?: boolean;
  /** filepicker: more than one attachment */
  multiple?: boolean;
}

/** The normalised form a graph node carries. */
export interface FormSpec {
  /** the form's id (formId for linked forms, the userTaskForm id for embedded ones) */
  formId: string;
  /** deployed version of a linked form; absent for embedded forms */
  version?: number;
  embedded?: boolean;
  fields: FormFieldSpec[];
  /** an embedded form's JSON, for clients that render it (linked forms are read from the forms table) */
  schema?: unknown;
}

export interface FormSchemaProblem {
  /** the component's key or id, when the problem belongs to one */
  path?: string;
  message: string;
}

export type FormParseResult =
  | { ok: true; formId: string | undefined; fields: FormFieldSpec[] }
  | { ok: false; problems: FormSchemaProblem[] };

const INPUT_TYPES: ReadonlySet<string> = new Set<FormFieldType>([
  'textfield',
  'textarea',
  'number',
  'select',
  'radio',
  'checkbox',
  'checklist',
  'taglist',
  'datetime',
  'filepicker',
]);
/** Components that carry no value: layout and decoration. */
const LAYOUT_TYPES: ReadonlySet<string> = new Set([
  'text',
  'spacer',
  'separator',
  'group',
  'button',
  'image',
  'html',
]);
const OPTION_TYPES: ReadonlySet<string> = new Set(['select', 'radio', 'checklist', 'taglist']);
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words a form may not define: the completion's own fields and the case's key. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['decision', 'comment', 'businessKey']);
export const MAX_FORM_FIELDS = 500;
const MAX_DEPTH = 10;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Parses form JSON (text or an already parsed object); lists every problem with the component it belongs to. */
export function parseFormSchema(input: unknown): FormParseResult {
  let schema: unknown = input;
  if (typeof input === 'string') {
    try {
      schema = JSON.parse(input) as unknown;
    } catch (err) {
      return {
        ok: false,
        problems: [
          { message: `the form is not valid JSON: ${err instanceof Error ? err.message : String(err)}` },
        ],
      };
    }
  }
  if (!isObject(schema) || !Array.isArray(schema.components))
    return { ok: false, problems: [{ message: 'a form needs a "components" array (Camunda Forms JSON)' }] };
  if (schema.type !== undefined && schema.type !== 'default')
    return { ok: false, problems: [{ message: `form type '${String(schema.type)}' is not supported` }] };
  const problems: FormSchemaProblem[] = [];
  const fields: FormFieldSpec[] = [];
  const seen = new Set<string>();
  const walk = (components: unknown[], depth: number): void => {
    if (depth > MAX_DEPTH) {
      problems.push({ message: `groups are nested deeper than ${MAX_DEPTH} levels` });
      return;
    }
    for (const c of components) {
      if (!isObject(c)) {
        problems.push({ message: 'a component is not an object' });
        continue;
      }
      const type = typeof c.type === 'string' ? c.type : '';
      const where = typeof c.key === 'string' ? c.key : typeof c.id === 'string' ? c.id : type || '?';
      const bad = (message: string) => problems.push({ path: where, message });
      if (c.conditional !== undefined) bad('conditional visibility is not supported');
      if (LAYOUT_TYPES.has(type)) {
        if (type === 'group') {
          if (c.path !== undefined && c.path !== '') bad('a group with a data path is not supported');
          if (c.components !== undefined && !Array.isArray(c.components))
            bad('group components must be a list');
          else walk((c.components as unknown[] | undefined) ?? [], depth + 1);
        }
        continue;
      }
      if (!INPUT_TYPES.has(type)) {
        bad(`component type '${type || '(none)'}' is not supported`);
        continue;
      }
      const field = parseField(c, type as FormFieldType, bad);
      if (!field) continue;
      if (seen.has(field.key)) bad(`key '${field.key}' is used by more than one field`);
      seen.add(field.key);
      fields.push(field);
    }
  };
  walk(schema.components, 0);
  if (fields.length > MAX_FORM_FIELDS)
    problems.push({ message: `a form may have at most ${MAX_FORM_FIELDS} fields` });
  if (problems.length) return { ok: false, problems };
  return { ok: true, formId: typeof schema.id === 'string' ? schema.id : undefined, fields };
}

function parseField(c: Json, type: FormFieldType, bad: (m: string) => void): FormFieldSpec | undefined {
  const key = c.key;
  if (typeof key !== 'string' || !KEY.test(key)) {
    bad(`a ${type} needs a key made of letters, digits and _ (got ${JSON.stringify(key ?? null)})`);
    return undefined;
  }
  if (RESERVED_KEYS.has(key)) {
    bad(`key '${key}' is reserved (decision and comment are part of every completion)`);
    return undefined;
  }
  const field: FormFieldSpec = { key, type };
  if (typeof c.label === 'string' && c.label !== '') field.label = c.label;
  if (c.readonly === true || c.disabled === true) field.readOnly = true;
  const validate = c.validate;
  if (validate !== undefined && !isObject(validate)) bad('validate must be an object');
  const v: Json = isObject(validate) ? validate : {};
  if (v.required === true) field.required = true;
  else if (v.required !== undefined && v.required !== false) bad('validate.required must be true or false');
  const numberRule = (name: 'min' | 'max' | 'minLength' | 'maxLength'): void => {
    const raw = v[name];
    if (raw === undefined || raw === null || raw === '') return;
    const n = finite(raw);
    if (n === undefined) bad(`validate.${name} must be a number`);
    else if (name.endsWith('Length') && (!Number.isInteger(n) || n < 0))
      bad(`validate.${name} must be a whole number ≥ 0`);
    else field[name] = n;
  };
  if (type === 'number') {
    numberRule('min');
    numberRule('max');
    if (field.min !== undefined && field.max !== undefined && field.min > field.max)
      bad('validate.min is greater than validate.max');
  }
  if (type === 'textfield' || type === 'textarea') {
    numberRule('minLength');
    numberRule('maxLength');
    if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength)
      bad('validate.minLength is greater than validate.maxLength');
    if (v.pattern !== undefined && v.pattern !== '') {
      if (typeof v.pattern !== 'string') bad('validate.pattern must be a string');
      else if (v.pattern.length > 500) bad('validate.pattern is longer than 500 characters');
      else {
        try {
          new RegExp(v.pattern);
          field.pattern = v.pattern;
        } catch {
          bad(`validate.pattern '${v.pattern}' is not a valid regular expression`);
        }
      }
    }
    if (v.validationType === 'email' || v.validationType === 'phone') field.format = v.validationType;
    else if (v.validationType !== undefined && v.validationType !== '' && v.validationType !== 'custom')
      bad(`validate.validationType '${String(v.validationType)}' is not supported`);
  }
  if (OPTION_TYPES.has(type)) {
    if (c.valuesKey !== undefined || c.valuesExpression !== undefined)
      bad('options from a variable (valuesKey/valuesExpression) are not supported; list them in values');
    else if (type !== 'taglist' || c.values !== undefined) {
      if (!Array.isArray(c.values) || c.values.length === 0) bad(`a ${type} needs a non-empty values list`);
      else {
        const options: FormOptionValue[] = [];
        for (const o of c.values) {
          const value = isObject(o) ? o.value : undefined;
          if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
            bad('every option needs a value (text, number or true/false)');
          else options.push(value);
        }
        field.options = options;
      }
    }
  }
  if (type === 'datetime') {
    const subtype = c.subtype ?? 'date';
    if (subtype !== 'date' && subtype !== 'time' && subtype !== 'datetime')
      bad(`datetime subtype '${String(subtype)}' is not supported`);
    else field.subtype = subtype;
  }
  if (type === 'filepicker' && c.multiple === true) field.multiple = true;
  return field;
}
