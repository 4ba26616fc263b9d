// batches and batch_items: a batch's items, its shared instant, and what an interrupted batch already did.
import type { DataSource, EntityManager } from 'typeorm';

export interface BatchTarget {
  caseId: string;
  district: string | null;
  status: string;
  businessKey: string;
  taskId: string | null;
}

/** Batches still `running` that began more than `minAgeMs` ago (oldest first, at most 100). */
export async function listInterruptedBatches(db: DataSource, minAgeMs: number): Promise<{ id: string }[]> {
  return db.query(
    `SELECT id FROM batches WHERE status = 'running' AND created_at < now() - make_interval(secs => $1)
      ORDER BY created_at LIMIT 100`,
    [minAgeMs / 1000],
  );
}

/** Of these ids, those of existing cases. */
export async function existingCaseIds(tx: EntityManager, caseIds: string[]): Promise<string[]> {
  const rows: { id: string }[] = await tx.query('SELECT id FROM cases WHERE id = ANY($1::uuid[])', [caseIds]);
  return rows.map((r) => r.id);
}

/** Fails the batch's pending items with `error`. */
export async function failPendingBatchItems(db: DataSource, batchId: string, error: string): Promise<void> {
  await db.query(
    `UPDATE batch_items SET status = 'failed', error = $2, updated_at = now() WHERE batch_id = $1 AND status = 'pending'`,
    [batchId, error],
  );
}

export interface AppliedProbe {
  caseId: string;
  idempotencyKey: string;
  /** also recognise a task completion (complete-task batches) */
  completion: boolean;
  legacyComment: string;
  elementId: string | null;
  actor: string;
  since: Date;
}

/** True when the case's history holds the item's event, or a matching completion by the batch user since `since`. */
export async function batchItemInHistory(db: DataSource, p: AppliedProbe): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `SELECT 1 FROM history_events WHERE case_id = $1
        AND (idempotency_key = $2 OR (type = 'task-completed' AND $3
             AND (data->>'comment' = $4 OR (element_id = $5 AND actor = $6 AND at >= $7)))) LIMIT 1`,
    [p.caseId, p.idempotencyKey, p.completion, p.legacyComment, p.elementId, p.actor, p.since],
  );
  return rows.length > 0;
}

export async function setBatchItem(
  db: DataSource,
  batchId: string,
  caseId: string,
  error: string | null,
  code: string | null,
): Promise<void> {
  await db.query(
    `UPDATE batch_items SET status = $3, error = $4, error_code = $5, updated_at = now()
      WHERE batch_id = $1 AND case_id = $2`,
    [batchId, caseId, error ? 'failed' : 'done', error, error ? code : null],
  );
}

/** Records the batch's shared instant once (the first one wins). */
export async function saveBatchInstant(db: DataSource, batchId: string, at: Date | string): Promise<void> {
  await db.query(`UPDATE batches SET instant = $2 WHERE id = $1 AND instant IS NULL`, [batchId, at]);
}

/** Every case and, when `elementId` is given, its oldest open task at that element. */
export async function batchTargets(
  db: DataSource,
  caseIds: string[],
  elementId: string | null,
): Promise<BatchTarget[]> {
  return db.query(
    `SELECT c.id AS "caseId", c.district, c.status, c.business_key AS "businessKey", t.id AS "taskId"
       FROM cases c
       LEFT JOIN LATERAL (
         SELECT id FROM tasks
          WHERE case_id = c.id AND element_id = $2 AND state = 'open'
          ORDER BY created_at ASC LIMIT 1) t ON true
      WHERE c.id = ANY($1::uuid[])`,
    [caseIds, elementId],
  );
}

/** When the task was completed (null while open or unknown). */
export async function taskCompletedAt(db: DataSource, taskId: string): Promise<Date | null> {
  const rows: { at: Date | null }[] = await db.query(`SELECT completed_at AS at FROM tasks WHERE id = $1`, [
    taskId,
  ]);
  return rows[0]?.at ?? null;
}
