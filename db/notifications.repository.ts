// notifications: the outbox rows the activities enqueue and the dispatcher delivers.
import type { DataSource, EntityManager } from 'typeorm';

export interface OutboxInsert {
  caseId: string | null;
  recipient: string;
  channel: string;
  template: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
}

/** True when this call inserted the row (a row with the key already there is left alone). */
export async function insertNotification(db: EntityManager | DataSource, n: OutboxInsert): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `INSERT INTO notifications (case_id, recipient, channel, template, payload, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [n.caseId, n.recipient, n.channel, n.template, JSON.stringify(n.payload), n.idempotencyKey],
  );
  return rows.length > 0;
}

export async function countPendingNotifications(db: DataSource): Promise<number> {
  const rows: { n: string }[] = await db.query(
    "SELECT count(*) AS n FROM notifications WHERE status = 'pending'",
  );
  return Number(rows[0]?.n ?? 0);
}

export interface OutboxRow {
  id: string;
  case_id: string | null;
  recipient: string;
  channel: string;
  template: string;
  payload: Record<string, unknown>;
  idempotency_key: string;
  attempts: number;
}

/** Due pending rows, locked for this transaction (rows other dispatchers hold are skipped). */
export async function claimDueNotifications<R = OutboxRow>(tx: EntityManager, limit: number): Promise<R[]> {
  return tx.query(
    `SELECT id, case_id, recipient, channel, template, payload, idempotency_key, attempts
     FROM notifications WHERE status = 'pending' AND next_attempt_at <= now()
     ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}

export async function markNotificationSent(tx: EntityManager, id: string, attempts: number): Promise<void> {
  await tx.query(
    `UPDATE notifications SET status = 'sent', attempts = $2, sent_at = now(), last_error = NULL WHERE id = $1`,
    [id, attempts],
  );
}

export async function markNotificationDead(
  tx: EntityManager,
  id: string,
  attempts: number,
  error: string,
): Promise<void> {
  await tx.query(`UPDATE notifications SET status = 'dead', attempts = $2, last_error = $3 WHERE id = $1`, [
    id,
    attempts,
    error,
  ]);
}

export async function scheduleNotificationRetry(
  tx: EntityManager,
  id: string,
  attempts: number,
  error: string,
  delayMs: number,
): Promise<void> {
  await tx.query(
    `UPDATE notifications SET attempts = $2, last_error = $3,
       next_attempt_at = now() + ($4::text || ' milliseconds')::interval WHERE id = $1`,
    [id, attempts, error, String(delayMs)],
  );
}

/** One `task-overdue` row per open task past its due date; returns how many were new. */
export async function insertOverdueTaskNotifications(db: EntityManager | DataSource): Promise<number> {
  // The workflow id of a top-level case is `case-<id>`; the task id keeps child-case keys unique too.
  const rows: unknown[] = await db.query(
    `INSERT INTO notifications (case_id, recipient, channel, template, payload, idempotency_key)
     SELECT t.case_id, coalesce(t.assignee, array_to_string(t.candidate_groups, ',')), 'inbox', 'task-overdue',
            jsonb_build_object('event', 'task-overdue', 'caseId', t.case_id, 'taskId', t.id,
              'elementId', t.element_id, 'name', t.name, 'dueAt', t.due_at, 'assignee', t.assignee),
            'case-' || t.case_id || ':' || t.element_instance_key || ':task-overdue'
     FROM tasks t WHERE t.state = 'open' AND t.due_at IS NOT NULL AND t.due_at <= now()
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
  );
  return rows.length;
}
