// calendar_recompute_jobs: the durable to-do list of PUT /calendar/years/:year (contract §1: a provisional deadline
// is recomputed when its year's data is loaded).
import type { EntityManager } from 'typeorm';

export interface RecomputeJob {
  year: number;
  caseId: string;
  attempts: number;
  /** the job's generation (created_at as text, exact to the microsecond): a later PUT re-queues it with a new one */
  generation: string;
}

/** Queues every open case with a provisional deadline for `year`; a job already queued or done is queued again. */
export async function enqueueCalendarRecompute(manager: EntityManager, year: number): Promise<number> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO calendar_recompute_jobs (year, case_id)
       SELECT $1, id FROM cases WHERE calendar_provisional AND status IN ('active', 'failed')
     ON CONFLICT (year, case_id) DO UPDATE
       SET created_at = now(), done_at = NULL, attempts = 0, last_error = NULL
     RETURNING case_id`,
    [year],
  );
  return rows.length;
}

/**
 * Queues the open provisional cases that never had a job for an admin-loaded year: a case whose deadline was computed
 * with the old data while the PUT committed is flagged provisional only after the PUT queued its jobs.
 */
export async function enqueueMissedCalendarRecomputes(manager: EntityManager): Promise<number> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO calendar_recompute_jobs (year, case_id)
       SELECT y.year, c.id FROM calendar_years y
         JOIN cases c ON c.calendar_provisional AND c.status IN ('active', 'failed')
     ON CONFLICT (year, case_id) DO NOTHING
     RETURNING case_id`,
  );
  return rows.length;
}

export async function pendingCalendarRecomputes(
  manager: EntityManager,
  limit: number,
): Promise<RecomputeJob[]> {
  return manager.query(
    `SELECT year, case_id AS "caseId", attempts, created_at::text AS "generation"
       FROM calendar_recompute_jobs WHERE done_at IS NULL ORDER BY created_at, case_id LIMIT $1`,
    [limit],
  );
}

/** Done, unless a later PUT re-queued the job meanwhile (its created_at moved). */
export async function finishCalendarRecompute(
  manager: EntityManager,
  job: RecomputeJob,
  note: string | null = null,
): Promise<void> {
  await manager.query(
    `UPDATE calendar_recompute_jobs SET done_at = now(), last_error = $4
      WHERE year = $1 AND case_id = $2 AND created_at::text = $3`,
    [job.year, job.caseId, job.generation, note],
  );
}

export async function failCalendarRecompute(
  manager: EntityManager,
  job: RecomputeJob,
  error: string,
): Promise<void> {
  await manager.query(
    `UPDATE calendar_recompute_jobs SET attempts = attempts + 1, last_error = $4
      WHERE year = $1 AND case_id = $2 AND created_at::text = $3`,
    [job.year, job.caseId, job.generation, error],
  );
}
