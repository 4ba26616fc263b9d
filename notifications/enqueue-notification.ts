// Writes outbox rows. Keys are workflow id + element-instance key + event, so a retried or replayed activity
// (or a repeated sweep) enqueues each event once.
import type { DataSource, EntityManager } from 'typeorm';

export type NotificationEvent =
  | 'task-assigned'
  | 'task-overdue'
  | 'publicity-started'
  | 'publicity-ended'
  | 'decision-made'
  | 'payment-made'
  | 'payment-stopped';

export interface EnqueueInput {
  caseId: string | null;
  workflowId: string;
  key: string;
  event: NotificationEvent | string;
  recipient: string;
  payload: Record<string, unknown>;
  /** 'inbox' routes to the dispatcher's default channel */
  channel?: string;
}

export function notificationKey(workflowId: string, key: string, event: string): string {
  return `${workflowId}:${key}:${event}`;
}

/** True when this call inserted the row. */
export async function enqueueNotification(
  db: EntityManager | DataSource,
  input: EnqueueInput,
): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `INSERT INTO notifications (case_id, recipient, channel, template, payload, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      input.caseId,
      input.recipient,
      input.channel ?? 'inbox',
      input.event,
      JSON.stringify({ event: input.event, caseId: input.caseId, ...input.payload }),
      notificationKey(input.workflowId, input.key, input.event),
    ],
  );
  return rows.length > 0;
}

/** One `task-overdue` row per open task whose due date has passed; returns how many were new. */
export async function sweepOverdueTasks(db: EntityManager | DataSource): Promise<number> {
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
