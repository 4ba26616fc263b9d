// The overview (总览): counts computed in PostgreSQL from the read model (cases, tasks), optionally for one district.
import type { EntityManager } from 'typeorm';

export interface StatsScope {
  /** only cases (and their tasks) of this district; undefined = every district */
  district?: string;
  /** only this programme; undefined = every programme */
  processKey?: string;
}

export interface ProgrammeCounts {
  processKey: string;
  /** the latest version's name */
  name: string | null;
  active: number;
  completed: number;
  terminated: number;
  failed: number;
  /** active cases with an open task past due */
  overdue: number;
}

export interface ElementCounts {
  elementId: string;
  /** active cases waiting there */
  active: number;
  /** failed cases stopped there (incidents) */
  incidents: number;
  /** cases with an open task there past due */
  overdue: number;
}

export interface WeekCounts {
  /** the Monday (Asia/Shanghai) starting the week, YYYY-MM-DD */
  week: string;
  started: number;
  finished: number;
}

/** `$n` placeholders for one query's values. */
function binder() {
  const params: unknown[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  return { params, bind };
}

function scopeSql(scope: StatsScope, alias: string, bind: (v: unknown) => string): string {
  const where: string[] = [];
  if (scope.district !== undefined) where.push(`${alias}.district = ${bind(scope.district)}`);
  if (scope.processKey !== undefined) where.push(`${alias}.process_key = ${bind(scope.processKey)}`);
  return where.length ? ` AND ${where.join(' AND ')}` : '';
}

export async function programmeCounts(
  manager: EntityManager,
  scope: StatsScope,
  now: Date,
): Promise<ProgrammeCounts[]> {
  const { params, bind } = binder();
  const at = bind(now);
  // the overdue cases as one set (ix_tasks_open_due_at), hash-joined, rather than a sub-query per case
  const rows: (Omit<ProgrammeCounts, 'name'> & { name: string | null })[] = await manager.query(
    `SELECT c.process_key AS "processKey",
            (SELECT d.name FROM process_definitions d WHERE d.key = c.process_key
              ORDER BY d.version DESC LIMIT 1) AS name,
            count(*) FILTER (WHERE c.status = 'active')::int AS active,
            count(*) FILTER (WHERE c.status = 'completed')::int AS completed,
            count(*) FILTER (WHERE c.status = 'terminated')::int AS terminated,
            count(*) FILTER (WHERE c.status = 'failed')::int AS failed,
            count(*) FILTER (WHERE c.status = 'active' AND od.case_id IS NOT NULL)::int AS overdue
       FROM cases c
       LEFT JOIN (SELECT DISTINCT t.case_id FROM tasks t WHERE t.state = 'open' AND t.due_at < ${at}) od
         ON od.case_id = c.id
      WHERE true${scopeSql(scope, 'c', bind)}
      GROUP BY c.process_key
      ORDER BY c.process_key`,
    params,
  );
  return rows;
}

/** Per element of one programme (every version: element ids are stable across versions). */
export async function elementCounts(
  manager: EntityManager,
  scope: StatsScope & { processKey: string },
  now: Date,
): Promise<ElementCounts[]> {
  const c = binder();
  const cases: { elementId: string; active: number; incidents: number }[] = await manager.query(
    `SELECT e AS "elementId",
            count(*) FILTER (WHERE c.status = 'active')::int AS active,
            count(*) FILTER (WHERE c.status = 'failed')::int AS incidents
       FROM cases c CROSS JOIN LATERAL unnest(c.active_elements) e
      WHERE c.status IN ('active', 'failed')${scopeSql(scope, 'c', c.bind)}
      GROUP BY e`,
    c.params,
  );
  const t = binder();
  const at = t.bind(now);
  const overdue: { elementId: string; overdue: number }[] = await manager.query(
    `SELECT t.element_id AS "elementId", count(DISTINCT t.case_id)::int AS overdue
       FROM tasks t
      WHERE t.state = 'open' AND t.due_at < ${at}${scopeSql(scope, 't', t.bind)}
      GROUP BY t.element_id`,
    t.params,
  );
  const byId = new Map<string, ElementCounts>();
  for (const r of cases) byId.set(r.elementId, { ...r, overdue: 0 });
  for (const r of overdue) {
    const row = byId.get(r.elementId) ?? { elementId: r.elementId, active: 0, incidents: 0, overdue: 0 };
    row.overdue = r.overdue;
    byId.set(r.elementId, row);
  }
  return [...byId.values()].sort((a, b) => a.elementId.localeCompare(b.elementId));
}

/**
 * Cases started and finished per week (Monday to Sunday, Asia/Shanghai), the last `weeks` weeks up to `now` (the
 * workflow clock: the cases' times are written on it).
 */
export async function weeklyCounts(
  manager: EntityManager,
  scope: StatsScope,
  weeks: number,
  now: Date,
): Promise<WeekCounts[]> {
  const { params, bind } = binder();
  const n = bind(weeks);
  const at = bind(now);
  const startedScope = scopeSql(scope, 'c', bind);
  return manager.query(
    `WITH w AS (
       SELECT wk, (wk AT TIME ZONE 'Asia/Shanghai') AS lo, ((wk + interval '1 week') AT TIME ZONE 'Asia/Shanghai') AS hi
         FROM generate_series(date_trunc('week', ${at}::timestamptz AT TIME ZONE 'Asia/Shanghai') - (${n}::int - 1) * interval '1 week',
                              date_trunc('week', ${at}::timestamptz AT TIME ZONE 'Asia/Shanghai'), interval '1 week') wk)
     SELECT to_char(w.wk, 'YYYY-MM-DD') AS week,
            (SELECT count(*) FROM cases c WHERE c.created_at >= w.lo AND c.created_at < w.hi${startedScope})::int
              AS started,
            (SELECT count(*) FROM cases c WHERE c.finished_at >= w.lo AND c.finished_at < w.hi${startedScope})::int
              AS finished
       FROM w ORDER BY w.wk`,
    params,
  );
}
