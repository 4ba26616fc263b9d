// The parts of Camunda REST v2 search requests shared by the v2 search endpoints: `page` ({from, limit},
// {after, limit} or {before, limit}), one `sort` entry mapped onto a reviewflow field, exact-match filter values,
// and the answer's `page` block. Cursors are opaque to clients; here they encode an offset. Also the body of the
// v2 operations that take only an operationReference.
import { z } from 'zod';
import { ApiError } from '../common/error-body';
import type { Sort } from '../common/paging';

export const TENANT = '<default>';
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'is not a cursor this server issued');
const limit = z.number().int().min(1).max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`).optional();

export const pageRequest = z
  .union([
    z.object({ from: z.number().int().min(0).max(1_000_000).optional(), limit }).strict(),
    z.object({ after: cursor, limit }).strict(),
    z.object({ before: cursor, limit }).strict(),
  ])
  .optional();

export const sortRequest = <F extends string>(fields: readonly [F, ...F[]]) =>
  z
    .array(z.object({ field: z.enum(fields), order: z.enum(['ASC', 'DESC']).default('ASC') }).strict())
    .max(1, 'reviewflow sorts by one field')
    .optional();

/** The one sort entry a request may send, as a reviewflow list's `sort` option ({} when none is sent). */
export function sortOf<F extends string, R extends string>(
  sort: { field: F; order: 'ASC' | 'DESC' }[] | undefined,
  fields: Record<F, R>,
): { sort?: Sort<R> } {
  const s = sort?.[0];
  return s ? { sort: { field: fields[s.field], dir: s.order } } : {};
}

/** A search's `filter`: these fields and tenantId (reviewflow has one tenant); any other field is refused. */
export const searchFilter = <S extends z.ZodRawShape>(fields: S) =>
  z
    .object({ ...fields, tenantId: z.literal(TENANT, `must be ${TENANT}`).optional() })
    .strict()
    .optional();

/** The optional body of an operation (cancellation, resolution) on a key: an operationReference only. */
export const operationBody = z
  .object({ operationReference: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional() })
  .nullish();

/** A string filter value: the value itself or {$eq: value}; other operators are refused, never ignored. */
export const exactString = z.union([
  z.string().min(1).max(200),
  z
    .object({ $eq: z.string().min(1).max(200) })
    .strict()
    .transform((v) => v.$eq),
]);
export const exactEnum = <E extends string>(values: readonly [E, ...E[]]) =>
  z.union([
    z.enum(values),
    z
      .object({ $eq: z.enum(values) })
      .strict()
      .transform((v) => v.$eq),
  ]);

const encode = (offset: number) => Buffer.from(`o${offset}`).toString('base64url');
function decode(c: string, field: string): number {
  const m = /^o(\d{1,7})$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  if (!m)
    throw new ApiError(
      400,
      `page.${field} is not a cursor this server issued`,
      [{ field: `page.${field}`, message: 'is not a cursor this server issued' }],
      'CURSOR_INVALID',
    );
  return Number(m[1]);
}

export interface Window {
  offset: number;
  limit: number;
}

export function windowOf(page: z.infer<typeof pageRequest>): Window {
  const size = page?.limit ?? DEFAULT_LIMIT;
  if (page && 'after' in page) return { offset: decode(page.after, 'after'), limit: size };
  if (page && 'before' in page) {
    const end = decode(page.before, 'before');
    return { offset: Math.max(0, end - size), limit: Math.min(size, end) };
  }
  return { offset: page && 'from' in page ? (page.from ?? 0) : 0, limit: size };
}

/** A reviewflow list read one page at a time (page from 1), as the v1 services answer. */
export type PageSource<T> = (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>;

/** A source with no rows: a filter that can match nothing here. */
export const noRows: PageSource<never> = async () => ({ items: [], total: 0 });

/** A source over rows already at hand (a lookup by key). */
export const rowsOf =
  <T>(all: T[]): PageSource<T> =>
  async (page, pageSize) => ({ items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length });

/**
 * Rows [offset, offset + limit) from a page/pageSize source: at most two of its pages of `limit` rows, so an
 * offset that is not a multiple of the limit still costs two bounded queries.
 */
export async function fetchWindow<T>(
  w: Window,
  fetchPage: PageSource<T>,
): Promise<{ items: T[]; total: number }> {
  if (w.limit === 0) return { items: [], total: (await fetchPage(1, 1)).total };
  const first = Math.floor(w.offset / w.limit) + 1;
  const skip = w.offset % w.limit;
  const a = await fetchPage(first, w.limit);
  let rows = a.items.slice(skip);
  if (skip > 0 && a.items.length === w.limit)
    rows = rows.concat((await fetchPage(first + 1, w.limit)).items.slice(0, skip));
  return { items: rows, total: a.total };
}

export function pageAnswer(w: Window, count: number, total: number) {
  return {
    totalItems: total,
    hasMoreTotalItems: false,
    startCursor: count > 0 ? encode(w.offset) : null,
    endCursor: count > 0 ? encode(w.offset + count) : null,
  };
}

/** A v2 search answer: the window `page` asks for, read from `source`, its rows shown by `view`. */
export async function searchAnswer<T, V>(
  page: z.infer<typeof pageRequest>,
  source: PageSource<T>,
  view: (rows: T[]) => V[] | Promise<V[]>,
) {
  const w = windowOf(page);
  const { items, total } = await fetchWindow(w, source);
  return { items: await view(items), page: pageAnswer(w, items.length, total) };
}

/** A filter field reviewflow cannot answer exactly: refused by name rather than ignored. */
export const unsupportedFilter = (field: string, message: string) =>
  new ApiError(
    400,
    `filter.${field} ${message}`,
    [{ field: `filter.${field}`, message }],
    'FILTER_UNSUPPORTED',
  );
