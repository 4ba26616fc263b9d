// 已办: the tasks a user completed, with their case's business key and programme, paged and sorted in SQL.

/** Sortable fields → columns (NULLs last). */
export const DONE_SORT_FIELDS = {
  completedAt: 't.completed_at',
  name: 't.name',
  businessKey: 'c.business_key',
  processKey: 't.process_key',
} as const;
export type DoneSortField = keyof typeof DONE_SORT_FIELDS;

export interface DoneTaskRow {
  id: string;
  caseId: string;
  elementId: string;
  name: string;
  decision: string | null;
  completedAt: Date | null;
  businessKey: string;
  processKey: string;
  processVersion: number;
  caseStatus: string;
  outcome: string | null;
}

interface Query {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

/**
 * The page of `username`'s completed tasks whose cases pass `visible` (the caller's case predicate over alias `c`,
 * written into `params`; null = every case), and their total.
 */
export async function doneTasks(
  db: Query,
  username: string,
  visible: (params: unknown[]) => string | null,
  sort: { field: DoneSortField; dir: 'ASC' | 'DESC' },
  page: { page: number; pageSize: number },
): Promise<{ items: DoneTaskRow[]; total: number }> {
  const params: unknown[] = [username];
  const predicate = visible(params);
  const where = `t.completed_by = $1 AND t.state = 'completed'${predicate ? ` AND ${predicate}` : ''}`;
  const from = `FROM tasks t JOIN cases c ON c.id = t.case_id WHERE ${where}`;
  const counted = (await db.query(`SELECT count(*)::int AS n ${from}`, params)) as { n: number }[];
  const total = counted[0]?.n ?? 0;
  const offset = (page.page - 1) * page.pageSize;
  if (!Number.isSafeInteger(offset) || offset >= total) return { items: [], total };
  const items = (await db.query(
    `SELECT t.id, t.case_id AS "caseId", t.element_id AS "elementId", t.name, t.decision,
            t.completed_at AS "completedAt", c.business_key AS "businessKey", c.process_key AS "processKey",
            c.process_version AS "processVersion", c.status AS "caseStatus", c.outcome
       ${from}
      ORDER BY ${DONE_SORT_FIELDS[sort.field]} ${sort.dir} NULLS LAST, t.id ASC
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.pageSize, offset],
  )) as DoneTaskRow[];
  return { items, total };
}
