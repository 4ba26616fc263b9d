// message_subscriptions: the message waits of running cases, and the targets of a published message.
import type { DataSource } from 'typeorm';

export interface MessageTargetRow {
  id: string;
  /** the caller may send this message to the case (admin, or a role in its definition's rf:senders) */
  allowed: boolean;
  /** the case has an open subscription (false: matched by business key only) */
  waiting: boolean;
}

export interface MessageTargetQuery {
  name: string;
  correlationKey: string;
  /** only cases of this district (null: all) */
  district: string | null;
  admin: boolean;
  roles: string[];
}

/**
 * Active cases with an open subscription of this name and key, plus those whose business key equals the key (cases
 * whose subscriptions predate the table).
 */
export async function messageTargets(db: DataSource, q: MessageTargetQuery): Promise<MessageTargetRow[]> {
  return db.query(
    `SELECT t.id, bool_or(t.waiting) AS waiting,
            $4::boolean OR coalesce(d.graph->'messageSenders'->$1, '[]'::jsonb) ?| $5::text[] AS allowed
       FROM (
       SELECT c.id, c.process_key, c.process_version, true AS waiting
         FROM message_subscriptions s JOIN cases c ON c.id = s.case_id
        WHERE s.message_name = $1 AND s.correlation_key = $2 AND s.closed_at IS NULL
          AND c.status = 'active' AND ($3::text IS NULL OR c.district = $3)
       UNION
       SELECT c.id, c.process_key, c.process_version, false AS waiting FROM cases c
        WHERE c.business_key = $2 AND c.status = 'active' AND ($3::text IS NULL OR c.district = $3)) t
     JOIN process_definitions d ON d.key = t.process_key AND d.version = t.process_version
     GROUP BY t.id, d.graph`,
    [q.name, q.correlationKey, q.district, q.admin, q.roles],
  );
}

/** The keys the case's open subscriptions to `name` wait for. */
export async function openCorrelationKeys(db: DataSource, caseId: string, name: string): Promise<string[]> {
  const rows: { correlation_key: string }[] = await db.query(
    `SELECT DISTINCT correlation_key FROM message_subscriptions
      WHERE case_id = $1 AND message_name = $2 AND closed_at IS NULL`,
    [caseId, name],
  );
  return rows.map((r) => r.correlation_key);
}
