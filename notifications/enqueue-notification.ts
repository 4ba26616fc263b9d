// Writes outbox rows. Keys are workflow id + element-instance key + event, so a retried or replayed activity
// (or a repeated sweep) enqueues each event once.
import type { DataSource, EntityManager } from 'typeorm';
import { insertNotification, insertOverdueTaskNotifications } from '../db/notifications.repository';

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
  return insertNotification(db, {
    caseId: input.caseId,
    recipient: input.recipient,
    channel: input.channel ?? 'inbox',
    template: input.event,
    payload: { event: input.event, caseId: input.caseId, ...input.payload },
    idempotencyKey: notificationKey(input.workflowId, input.key, input.event),
  });
}

/** One `task-overdue` row per open task whose due date has passed; returns how many were new. */
export async function sweepOverdueTasks(db: EntityManager | DataSource): Promise<number> {
  return insertOverdueTaskNotifications(db);
}
