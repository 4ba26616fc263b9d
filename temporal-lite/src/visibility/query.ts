// Temporal's list filter (the SQL-like visibility query) compiled to a predicate over in-memory records.
// Semantics follow the SQL visibility store of a real server: ORDER BY and LIMIT are rejected,
// GROUP BY only in counts, comparisons with a missing attribute are unknown (SQL NULL, three-valued logic).
import { INVALID_EXPRESSION, NOT_SUPPORTED, VisibilityQueryError } from './query-error';
import { parseQuery, type Expr, type FieldRef, type Literal } from './query-parser';
import { type SearchAttributeType, type VisibilityRecord } from './visibility-record';

export { VisibilityQueryError } from './query-error';
export type { VisibilityRecord, SearchAttributeType, ExecutionStatusName } from './visibility-record';

export interface VisibilityQueryOptions {
  /**
   * Registered custom search attributes. When given, unknown names are rejected and values and operators
   * are checked against the type at compile time, as a real server does. When absent, any name is accepted
   * and compared by the runtime type of the record's value.
   */
  searchAttributeTypes?: Record<string, SearchAttributeType>;
}

export interface CompiledVisibilityQuery {
  filter: (rec: VisibilityRecord) => boolean;
  /** Field names of a GROUP BY clause (only ExecutionStatus is allowed, as on a real server). */
  groupBy: string[];
}

type Tri = boolean | null;
type Getter = (rec: VisibilityRecord) => unknown;
type Eval = (rec: VisibilityRecord) => Tri;

/** An instant at nanosecond precision: milliseconds since epoch plus the sub-millisecond nanos. */
interface Instant {
  ms: number;
  ns: number;
}

interface Value {
  lit: Literal;
  /** Normalised value to compare with: string, number or boolean. */
  v: string | number | boolean;
  instant?: Instant;
}

const STATUSES = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
] as const;
const STATUS_ENUM_NAMES = [
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
];

const SYSTEM_FIELDS: Record<string, { type: SearchAttributeType; get: Getter }> = {
  WorkflowId: { type: 'Keyword', get: (r) => r.workflowId },
  RunId: { type: 'Keyword', get: (r) => r.runId },
  WorkflowType: { type: 'Keyword', get: (r) => r.workflowType },
  TaskQueue: { type: 'Keyword', get: (r) => r.taskQueue },
  ExecutionStatus: { type: 'Keyword', get: (r) => r.executionStatus },
  StartTime: { type: 'Datetime', get: (r) => r.startTime },
  CloseTime: { type: 'Datetime', get: (r) => r.closeTime },
  ExecutionTime: { type: 'Datetime', get: (r) => r.executionTime },
};

const OPERATORS_BY_TYPE: Record<SearchAttributeType, string[]> = {
  Keyword: [
    '=',
    '!=',
    '<',
    '>',
    '<=',
    '>=',
    'in',
    'not in',
    'starts_with',
    'not starts_with',
    'between',
    'not between',
  ],
  KeywordList: ['=', '!=', 'in', 'not in'],
  Text: ['=', '!='],
  Int: ['=', '!=', '<', '>', '<=', '>=', 'in', 'not in', 'between', 'not between'],
  Double: ['=', '!=', '<', '>', '<=', '>=', 'in', 'not in', 'between', 'not between'],
  Datetime: ['=', '!=', '<', '>', '<=', '>=', 'in', 'not in', 'between', 'not between'],
  Bool: ['=', '!=', 'in', 'not in'],
};

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

function parseDatetime(s: string): Instant | undefined {
  const m = RFC3339.exec(s.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4]?.toUpperCase() === 'Z' ? 'Z' : m[4]}`);
  if (Number.isNaN(ms)) return undefined;
  const frac = (m[3] ?? '').padEnd(9, '0');
  return { ms: ms + Number(frac.slice(0, 3)), ns: Number(frac.slice(3)) };
}

/** Unix nanoseconds, read from the literal's text: as a double, 19-digit nanos would lose their low digits. */
function nanosToInstant(raw: string): Instant | undefined {
  if (!/^[+-]?\d+$/.test(raw)) return undefined;
  const big = BigInt(raw.startsWith('+') ? raw.slice(1) : raw);
  const ms = big / 1_000_000n;
  const rem = big % 1_000_000n;
  // Floor division for instants before the epoch.
  return rem < 0n
    ? { ms: Number(ms - 1n), ns: Number(rem + 1_000_000n) }
    : { ms: Number(ms), ns: Number(rem) };
}

function compareInstant(d: Date, i: Instant): number {
  const ms = d.getTime();
  if (ms !== i.ms) return ms < i.ms ? -1 : 1;
  return i.ns === 0 ? 0 : -1;
}

function describe(lit: Literal): string {
  return `${lit.raw} at position ${lit.pos}`;
}

function isMissing(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (v instanceof Date && Number.isNaN(v.getTime()))
  );
}

/** Orders a record value against a literal; undefined when the two are not comparable. */
function compare(actual: unknown, val: Value): number | undefined {
  if (actual instanceof Date) return val.instant ? compareInstant(actual, val.instant) : undefined;
  if (typeof actual === 'number' && typeof val.v === 'number')
    return actual === val.v ? 0 : actual < val.v ? -1 : 1;
  if (typeof actual === 'bigint' && typeof val.v === 'number')
    return Number(actual) === val.v ? 0 : Number(actual) < val.v ? -1 : 1;
  if (typeof actual === 'string' && typeof val.v === 'string')
    return actual === val.v ? 0 : actual < val.v ? -1 : 1;
  if (typeof actual === 'boolean' && typeof val.v === 'boolean') return Number(actual) - Number(val.v);
  return undefined;
}

function not(t: Tri): Tri {
  return t === null ? null : !t;
}

function anyOf(items: Tri[]): Tri {
  let unknown = false;
  for (const t of items) {
    if (t === true) return true;
    if (t === null) unknown = true;
  }
  return unknown ? null : false;
}

class Compiler {
  constructor(private readonly opts: VisibilityQueryOptions) {}

  private resolve(field: FieldRef): { type: SearchAttributeType | undefined; get: Getter } {
    // Own-property checks only: names like 'constructor' must not resolve to Object.prototype members.
    const name = field.name;
    const sys = Object.hasOwn(SYSTEM_FIELDS, name) ? SYSTEM_FIELDS[name] : undefined;
    if (sys) return sys;
    const get: Getter = (r) =>
      Object.hasOwn(r.searchAttributes, name) ? r.searchAttributes[name] : undefined;
    const known = this.opts.searchAttributeTypes;
    if (!known) return { type: undefined, get };
    const type = Object.hasOwn(known, name) ? known[name] : undefined;
    if (!type) {
      throw new VisibilityQueryError(
        `${INVALID_EXPRESSION}: column name '${name}' at position ${field.pos} is not a valid search attribute`,
      );
    }
    return { type, get };
  }

  private checkOperator(field: FieldRef, type: SearchAttributeType | undefined, op: string): void {
    if (type && !OPERATORS_BY_TYPE[type].includes(op)) {
      throw new VisibilityQueryError(
        `${NOT_SUPPORTED}: operator '${op}' not allowed for search attribute '${field.name}' of type ${type} (at position ${field.pos})`,
      );
    }
  }

  private value(field: FieldRef, type: SearchAttributeType | undefined, lit: Literal): Value {
    const bad = (): never => {
      throw new VisibilityQueryError(
        `${INVALID_EXPRESSION}: invalid value type for search attribute ${field.name} of type ${type}: ${describe(lit)}`,
      );
    };
    if (field.name === 'ExecutionStatus') return { lit, v: this.status(lit) };
    if (lit.kind === 'number' && (type === 'Int' || type === undefined) && !Number.isFinite(lit.value)) bad();
    switch (type) {
      case 'Int':
      case 'Double':
        return lit.kind === 'number' ? { lit, v: lit.value } : bad();
      case 'Bool':
        return lit.kind === 'bool' ? { lit, v: lit.value } : bad();
      case 'Keyword':
      case 'KeywordList':
      case 'Text':
        return lit.kind === 'string' ? { lit, v: lit.value } : bad();
      case 'Datetime': {
        const instant =
          lit.kind === 'string'
            ? parseDatetime(lit.value)
            : lit.kind === 'number'
              ? nanosToInstant(lit.raw)
              : undefined;
        if (!instant) {
          throw new VisibilityQueryError(
            `${INVALID_EXPRESSION}: unable to parse datetime ${describe(lit)} for ${field.name}`,
          );
        }
        return { lit, v: lit.value, instant };
      }
      case undefined: {
        // Unknown type: keep every reading the literal allows and let the record's value pick one.
        const instant =
          lit.kind === 'string'
            ? parseDatetime(lit.value)
            : lit.kind === 'number'
              ? nanosToInstant(lit.raw)
              : undefined;
        return instant ? { lit, v: lit.value, instant } : { lit, v: lit.value };
      }
    }
  }

  private status(lit: Literal): string {
    if (
      lit.kind === 'number' &&
      Number.isInteger(lit.value) &&
      lit.value >= 1 &&
      lit.value <= STATUSES.length
    ) {
      return STATUSES[lit.value - 1] as string;
    }
    if (lit.kind === 'string') {
      const plain = STATUSES.indexOf(lit.value as (typeof STATUSES)[number]);
      if (plain >= 0) return lit.value;
      const enumIdx = STATUS_ENUM_NAMES.findIndex((n) => `WORKFLOW_EXECUTION_STATUS_${n}` === lit.value);
      if (enumIdx >= 0) return STATUSES[enumIdx] as string;
    }
    throw new VisibilityQueryError(`${INVALID_EXPRESSION}: invalid ExecutionStatus value ${describe(lit)}`);
  }

  compile(e: Expr): Eval {
    switch (e.type) {
      case 'and': {
        const l = this.compile(e.left);
        const r = this.compile(e.right);
        return (rec) => {
          const a = l(rec);
          if (a === false) return false;
          const b = r(rec);
          if (b === false) return false;
          return a === null || b === null ? null : true;
        };
      }
      case 'or': {
        const l = this.compile(e.left);
        const r = this.compile(e.right);
        return (rec) => {
          const a = l(rec);
          if (a === true) return true;
          const b = r(rec);
          if (b === true) return true;
          return a === null || b === null ? null : false;
        };
      }
      case 'not': {
        const inner = this.compile(e.expr);
        return (rec) => not(inner(rec));
      }
      case 'isNull': {
        const { get } = this.resolve(e.field);
        return e.negated ? (rec) => !isMissing(get(rec)) : (rec) => isMissing(get(rec));
      }
      case 'cmp': {
        const { type, get } = this.resolve(e.field);
        this.checkOperator(e.field, type, e.op);
        const val = this.value(e.field, type, e.value);
        const test = this.comparator(e.op);
        return (rec) => {
          const actual = get(rec);
          if (isMissing(actual)) return null;
          if (Array.isArray(actual)) {
            // Keyword list: '=' means "contains", '!=' means "does not contain".
            const has = actual.some((item) => compare(item, val) === 0);
            if (e.op === '=') return has;
            if (e.op === '!=') return !has;
            return null;
          }
          const c = compare(actual, val);
          return c === undefined ? null : test(c);
        };
      }
      case 'in': {
        const { type, get } = this.resolve(e.field);
        this.checkOperator(e.field, type, e.negated ? 'not in' : 'in');
        const vals = e.values.map((lit) => this.value(e.field, type, lit));
        return (rec) => {
          const actual = get(rec);
          if (isMissing(actual)) return null;
          const items: unknown[] = Array.isArray(actual) ? actual : [actual];
          const hit = anyOf(
            vals.flatMap((val) =>
              items.map((item) => {
                const c = compare(item, val);
                return c === undefined ? null : c === 0;
              }),
            ),
          );
          return e.negated ? not(hit) : hit;
        };
      }
      case 'startsWith': {
        const { type, get } = this.resolve(e.field);
        this.checkOperator(e.field, type, e.negated ? 'not starts_with' : 'starts_with');
        if (e.value.kind !== 'string') {
          throw new VisibilityQueryError(
            `${INVALID_EXPRESSION}: right-hand side of 'starts_with' must be a string: ${describe(e.value)}`,
          );
        }
        const prefix = e.value.value;
        return (rec) => {
          const actual = get(rec);
          if (isMissing(actual) || typeof actual !== 'string') return null;
          return actual.startsWith(prefix) !== e.negated;
        };
      }
      case 'between': {
        const { type, get } = this.resolve(e.field);
        this.checkOperator(e.field, type, e.negated ? 'not between' : 'between');
        const from = this.value(e.field, type, e.from);
        const to = this.value(e.field, type, e.to);
        return (rec) => {
          const actual = get(rec);
          if (isMissing(actual) || Array.isArray(actual)) return null;
          const a = compare(actual, from);
          const b = compare(actual, to);
          if (a === undefined || b === undefined) return null;
          return (a >= 0 && b <= 0) !== e.negated;
        };
      }
    }
  }

  private comparator(op: string): (c: number) => boolean {
    switch (op) {
      case '=':
        return (c) => c === 0;
      case '!=':
        return (c) => c !== 0;
      case '<':
        return (c) => c < 0;
      case '>':
        return (c) => c > 0;
      case '<=':
        return (c) => c <= 0;
      default:
        return (c) => c >= 0;
    }
  }
}

/** Parses a list or count query; GROUP BY is allowed (on ExecutionStatus only) for CountWorkflowExecutions. */
export function parseVisibilityQuery(
  query: string,
  options: VisibilityQueryOptions = {},
): CompiledVisibilityQuery {
  const parsed = parseQuery(query);
  if (parsed.limit !== undefined) throw new VisibilityQueryError(`${NOT_SUPPORTED}: 'LIMIT' clause`);
  if (parsed.orderBy.length > 0) throw new VisibilityQueryError(`${NOT_SUPPORTED}: 'ORDER BY' clause`);
  if (parsed.groupBy.length > 1) {
    throw new VisibilityQueryError(`${NOT_SUPPORTED}: 'GROUP BY' clause supports only a single field`);
  }
  for (const g of parsed.groupBy) {
    if (g.name !== 'ExecutionStatus') {
      throw new VisibilityQueryError(
        `${NOT_SUPPORTED}: 'GROUP BY' clause is not supported for search attribute ${g.name}`,
      );
    }
  }
  const compiler = new Compiler(options);
  const where = parsed.where ? compiler.compile(parsed.where) : undefined;
  return {
    filter: where ? (rec) => where(rec) === true : () => true,
    groupBy: parsed.groupBy.map((g) => g.name),
  };
}

/** Compiles a ListWorkflowExecutions query; an empty or blank query matches every record. */
export function compileVisibilityQuery(
  query: string,
  options: VisibilityQueryOptions = {},
): (rec: VisibilityRecord) => boolean {
  const compiled = parseVisibilityQuery(query, options);
  if (compiled.groupBy.length > 0) {
    throw new VisibilityQueryError(
      `${NOT_SUPPORTED}: 'GROUP BY' clause is only supported in CountWorkflowExecutions API`,
    );
  }
  return compiled.filter;
}
