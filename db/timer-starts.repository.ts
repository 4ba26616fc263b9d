// Process-level timer start events: the progress of each version's schedule (timer_start_schedules), whether a
// version is still the latest of its process, and the case row a fire creates.
import type { DataSource, EntityManager } from 'typeorm';

/** Same lock class as deploys of a process key: a fire and a deploy of that key never interleave. */
export const DEPLOY_LOCK_CLASS = 0x52464450; // 'RFDP'

export interface TimerScheduleRow {
  workflowId: string;
  processKey: string;
  processVersion: number;
  elementId: string;
  anchor: string;
  fired: number;
  lastFireAt: string | null;
  nextFireAt: string | null;
  endedAt: string | null;
  endedReason: string | null;
}

interface RawRow {
  workflow_id: string;
  process_key: string;
  process_version: number;
  element_id: string;
  anchor: Date;
  fired: number;
  last_fire_at: Date | null;
  next_fire_at: Date | null;
  ended_at: Date | null;
  ended_reason: string | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function toRow(r: RawRow): TimerScheduleRow {
  return {
    workflowId: r.workflow_id,
    processKey: r.process_key,
    processVersion: Number(r.process_version),
    elementId: r.element_id,
    anchor: iso(r.anchor) as string,
    fired: Number(r.fired),
    lastFireAt: iso(r.last_fire_at),
    nextFireAt: iso(r.next_fire_at),
    endedAt: iso(r.ended_at),
    endedReason: r.ended_reason,
  };
}

/** The schedule's row, created with `anchor` the first time (a later start keeps the first anchor and progress). */
export async function openTimerSchedule(
  db: DataSource | EntityManager,
  s: { workflowId: string; processKey: string; processVersion: number; elementId: string; anchor: string },
): Promise<TimerScheduleRow> {
  await db.query(
    `INSERT INTO timer_start_schedules (workflow_id, process_key, process_version, element_id, anchor)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [s.workflowId, s.processKey, s.processVersion, s.elementId, s.anchor],
  );
  const rows: RawRow[] = await db.query(`SELECT * FROM timer_start_schedules WHERE workflow_id = $1`, [
    s.workflowId,
  ]);
  return toRow(rows[0] as RawRow);
}

export async function recordTimerFire(
  db: DataSource | EntityManager,
  workflowId: string,
  fire: { fired: number; lastFireAt: string; nextFireAt: string | null },
): Promise<void> {
  await db.query(
    `UPDATE timer_start_schedules SET fired = GREATEST(fired, $2), last_fire_at = $3, next_fire_at = $4
      WHERE workflow_id = $1`,
    [workflowId, fire.fired, fire.lastFireAt, fire.nextFireAt],
  );
}

export async function setTimerNextFire(
  db: DataSource | EntityManager,
  workflowId: string,
  nextFireAt: string | null,
): Promise<void> {
  await db.query(`UPDATE timer_start_schedules SET next_fire_at = $2 WHERE workflow_id = $1`, [
    workflowId,
    nextFireAt,
  ]);
}

export async function endTimerSchedule(
  db: DataSource | EntityManager,
  workflowId: string,
  reason: string,
): Promise<void> {
  await db.query(
    `UPDATE timer_start_schedules SET ended_at = coalesce(ended_at, now()), ended_reason = coalesce(ended_reason, $2),
       next_fire_at = NULL
      WHERE workflow_id = $1`,
    [workflowId, reason],
  );
}

/** The schedules of a process key (every version), newest version first. */
export async function timerSchedulesOf(
  db: DataSource | EntityManager,
  processKey: string,
): Promise<TimerScheduleRow[]> {
  const rows: RawRow[] = await db.query(
    `SELECT * FROM timer_start_schedules WHERE process_key = $1 ORDER BY process_version DESC, element_id`,
    [processKey],
  );
  return rows.map(toRow);
}

/** Open schedules of the given keys (GET /process-definitions shows their next fire). */
export async function openTimerSchedules(
  db: DataSource | EntityManager,
  processKeys: string[],
): Promise<TimerScheduleRow[]> {
  if (processKeys.length === 0) return [];
  const rows: RawRow[] = await db.query(
    `SELECT * FROM timer_start_schedules WHERE process_key = ANY($1) AND ended_at IS NULL
      ORDER BY process_key, process_version DESC, element_id`,
    [processKeys],
  );
  return rows.map(toRow);
}

export async function latestDefinitionVersion(
  db: DataSource | EntityManager,
  processKey: string,
): Promise<number | null> {
  const rows: { version: number | null }[] = await db.query(
    `SELECT max(version) AS version FROM process_definitions WHERE key = $1`,
    [processKey],
  );
  const v = rows[0]?.version;
  return v === null || v === undefined ? null : Number(v);
}

/** Latest versions that have timer start events: their key, version and graph's timerStarts. */
export async function latestTimerStartDefinitions(
  db: DataSource | EntityManager,
): Promise<{ key: string; version: number; timerStarts: unknown }[]> {
  const rows: { key: string; version: number; timer_starts: unknown }[] = await db.query(
    `SELECT d.key, d.version, d.graph->'timerStarts' AS timer_starts
       FROM process_definitions d
       JOIN (SELECT key, max(version) AS version FROM process_definitions GROUP BY key) latest
         ON latest.key = d.key AND latest.version = d.version
      WHERE jsonb_array_length(coalesce(d.graph->'timerStarts', '[]'::jsonb)) > 0
      ORDER BY d.key`,
  );
  return rows.map((r) => ({ key: r.key, version: Number(r.version), timerStarts: r.timer_starts }));
}

export async function caseRowExists(db: DataSource | EntityManager, id: string): Promise<string | null> {
  const rows: { business_key: string }[] = await db.query(`SELECT business_key FROM cases WHERE id = $1`, [
    id,
  ]);
  return rows[0]?.business_key ?? null;
}
