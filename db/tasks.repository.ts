// tasks: lookups and the inbox page beside the TypeORM entity.
import type { DataSource } from 'typeorm';

export async function caseIdOfTask(db: DataSource, taskId: string): Promise<string | undefined> {
  const rows: { case_id: string }[] = await db.query(`SELECT case_id FROM tasks WHERE id = $1`, [taskId]);
  return rows[0]?.case_id;
}

export interface SealedCompletionRow {
  element_id: string;
  completed_by: string;
  variables: Record<string, unknown> | null;
  output_collection: string | null;
}

/**
 * Completions by others at the case's elements where `username` (or one of `roles`) was offered or held an instance
 * and completed none, with the element's multi-instance output collection (read inside PostgreSQL: graphs are large).
 */
export async function othersCompletionsAtMyElements(
  db: DataSource,
  caseId: string,
  username: string,
  roles: string[],
): Promise<SealedCompletionRow[]> {
  return db.query(
    `SELECT t.element_id, t.completed_by, t.variables,
            d.graph->'nodes'->t.element_id->'multiInstance'->>'outputCollection' AS output_collection
         FROM tasks t
         JOIN cases c ON c.id = t.case_id
         LEFT JOIN process_definitions d ON d.key = c.process_key AND d.version = c.process_version
        WHERE t.case_id = $1 AND t.state = 'completed' AND t.completed_by <> $2
          AND EXISTS (SELECT 1 FROM tasks m WHERE m.case_id = t.case_id AND m.element_id = t.element_id
                        AND (m.assignee = $2 OR m.candidate_groups && $3::text[]))
          AND NOT EXISTS (SELECT 1 FROM tasks m WHERE m.case_id = t.case_id AND m.element_id = t.element_id
                            AND m.completed_by = $2)`,
    [caseId, username, roles],
  );
}

/** The inbox count under `filter`, a WHERE fragment on `tasks t` with positional `params`. */
export async function countInboxTasks(db: DataSource, filter: string, params: unknown[]): Promise<number> {
  const rows: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM tasks t WHERE ${filter}`,
    params,
  );
  return rows[0]?.n ?? 0;
}

export interface InboxPageQuery {
  /** WHERE fragment on `tasks t` */
  filter: string;
  /** ORDER BY for a table alias */
  order: (alias: string) => string;
  /** the filter's positional parameters; LIMIT and OFFSET are appended */
  params: unknown[];
  limit: number;
  offset: number;
}

/** One inbox page: cut from tasks alone (the inbox indexes), then joined to its cases by primary key. */
export async function inboxTaskPage<R>(db: DataSource, q: InboxPageQuery): Promise<R[]> {
  const params = [...q.params, q.limit, q.offset];
  return db.query(
    `SELECT p.*, c.business_key, c.status AS case_status, c.variables->>'applicantName' AS applicant_name
       FROM (SELECT t.id, t.case_id, t.element_id, t.name, t.candidate_groups, t.assignee, t.created_at,
                    t.due_at, t.state, t.process_key
               FROM tasks t WHERE ${q.filter}
              ORDER BY ${q.order('t')}
              LIMIT $${params.length - 1} OFFSET $${params.length}) p
       JOIN cases c ON c.id = p.case_id
      ORDER BY ${q.order('p')}`,
    params,
  );
}
