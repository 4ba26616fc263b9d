// A repository's row type written once in camelCase: its raw PostgreSQL row (snake_case columns, as `SELECT *` and
// `RETURNING *` answer it) is derived from it, and so is the mapping between the two.

type Snake<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}`
  : S;

/** The row as PostgreSQL answers it: the same fields under their snake_case column names. */
export type Columns<T> = { [K in keyof T & string as Snake<K>]: T[K] };

/** The camelCase row of a raw row: every column, renamed (created_at → createdAt). */
export function fromColumns<T>(raw: Columns<T>): T {
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  ) as T;
}
