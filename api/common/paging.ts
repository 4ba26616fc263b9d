// Server-side paging and sorting, shared by the lists: `page`, `pageSize`, `sort=<field>` or `sort=-<field>`
// (descending). An unknown sort field is a 400 SORT_FIELD_UNKNOWN naming it.
import { z } from 'zod';
import { ApiError } from './error-body';

export const pageParams = (defaultSize: number, maxSize = 200) => ({
  page: z.coerce
    .number({ error: 'must be a positive integer' })
    .int('must be a positive integer')
    .min(1, 'must be a positive integer')
    .max(1_000_000, 'must be at most 1000000')
    .default(1),
  pageSize: z.coerce
    .number({ error: `must be an integer from 1 to ${maxSize}` })
    .int(`must be an integer from 1 to ${maxSize}`)
    .min(1, `must be an integer from 1 to ${maxSize}`)
    .max(maxSize, `must be an integer from 1 to ${maxSize}`)
    .default(defaultSize),
});

/** The raw `sort` parameter, bounded; parseSort checks it against the list's fields. */
export const sortParam = z.string().trim().min(1, 'must name a field').max(60).optional();

export interface Sort<F extends string> {
  field: F;
  dir: 'ASC' | 'DESC';
}

export function parseSort<F extends string>(
  raw: string | undefined,
  fields: readonly F[],
  fallback: Sort<F>,
): Sort<F> {
  if (raw === undefined) return fallback;
  const desc = raw.startsWith('-');
  const name = desc ? raw.slice(1) : raw;
  if (!(fields as readonly string[]).includes(name))
    throw new ApiError(
      400,
      `Unknown sort field ${name}; sortable: ${fields.join(', ')}`,
      [
        {
          field: 'sort',
          code: 'SORT_FIELD_UNKNOWN',
          message: `${name} is not sortable (${fields.join(', ')})`,
        },
      ],
      'SORT_FIELD_UNKNOWN',
    );
  return { field: name as F, dir: desc ? 'DESC' : 'ASC' };
}
