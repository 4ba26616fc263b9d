// The web UI's bell: the outbox's event rows (payload.event) addressed to one user, with per-user read state.
// A row is the user's when it names them, names `applicant` on a case they applied for, or (an overdue task
// without assignee) names one of their groups on a case in their district.
import type { EntityManager } from 'typeorm';

export interface InboxUser {
  username: string;
  roles: string[];
  district: string | null;
}

export interface InboxNotificationRow {
  id: string;
  event: string;
  caseId: string | null;
  businessKey: string | null;
  processKey: string | null;
  processName: string | null;
  taskId: string | null;
  taskName: string | null;
  payload: Record<string, unknown>;
  at: Date;
  read: boolean;
}

const ISO = `'^\\d{4}-\\d{2}-\\d{2}T'`;
/** The event's time: the workflow's when the row carries it (payload.at; an overdue task's due time), else the row's. */
const AT = `coalesce(
  CASE WHEN n.payload->>'at' ~ ${ISO} THEN (n.payload->>'at')::timestamptz END,
  CASE WHEN n.template = 'task-overdue' AND n.payload->>'dueAt' ~ ${ISO} THEN (n.payload->>'dueAt')::timestamptz END,
  n.created_at)`;

/** WHERE conditions on `n` (notifications) and `c` (its case, left joined) for the user's rows; $1..$3 bound. */
const MINE = `n.payload ? 'event'
  -- the outbox marks publicity by element id; a wait for the list (waitPublicity) is not the period itself
  AND NOT (n.template LIKE 'publicity-%' AND coalesce(n.payload->>'elementId', '') ILIKE 'wait%')
  -- a period nested in a publicity subprocess (J11b) starts and ends with it: one row per case, event and instant
  AND NOT (n.template LIKE 'publicity-%' AND EXISTS (
    SELECT 1 FROM notifications o WHERE o.case_id = n.case_id AND o.template = n.template
      AND o.payload->>'at' = n.payload->>'at' AND o.id < n.id
      AND coalesce(o.payload->>'elementId', '') NOT ILIKE 'wait%'))
  AND (
    n.recipient = $1
    OR (n.recipient = 'applicant' AND c.applicant_id = $1)
    OR (n.template = 'task-overdue' AND string_to_array(n.recipient, ',') && $2::text[]
        AND ($3::text IS NULL OR c.district = $3)))`;

const params = (u: InboxUser) => [u.username, u.roles, u.district];

export async function listInboxNotifications(
  db: EntityManager,
  user: InboxUser,
  q: { unreadOnly: boolean; limit: number; offset: number },
): Promise<{ items: InboxNotificationRow[]; total: number; unread: number }> {
  const unreadSql = `NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.username = $1)`;
  const from = `FROM notifications n LEFT JOIN cases c ON c.id = n.case_id WHERE ${MINE}`;
  const rows: (Omit<InboxNotificationRow, 'read'> & { unread: boolean })[] = await db.query(
    `SELECT n.id, n.template AS event, n.case_id AS "caseId", c.business_key AS "businessKey",
            c.process_key AS "processKey", d.name AS "processName", t.id AS "taskId", t.name AS "taskName",
            n.payload, ${AT} AS at, ${unreadSql} AS unread
       FROM notifications n
       LEFT JOIN cases c ON c.id = n.case_id
       LEFT JOIN process_definitions d ON d.key = c.process_key AND d.version = c.process_version
       -- the task the event is about (assigned, overdue, decided), for its name
       LEFT JOIN tasks t ON t.case_id = n.case_id
         AND (t.id::text = n.payload->>'taskId' OR t.element_instance_key = n.payload->>'key')
      WHERE ${MINE} ${q.unreadOnly ? `AND ${unreadSql}` : ''}
      ORDER BY at DESC, n.id DESC LIMIT $4 OFFSET $5`,
    [...params(user), q.limit, q.offset],
  );
  const counts: { total: string; unread: string }[] = await db.query(
    `SELECT count(*) AS total, count(*) FILTER (WHERE ${unreadSql}) AS unread ${from}`,
    params(user),
  );
  return {
    items: rows.map(({ unread, ...r }) => ({ ...r, read: !unread })),
    total: q.unreadOnly ? Number(counts[0]?.unread ?? 0) : Number(counts[0]?.total ?? 0),
    unread: Number(counts[0]?.unread ?? 0),
  };
}

/** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
export async function markInboxNotificationRead(
  db: EntityManager,
  user: InboxUser,
  id: string,
): Promise<boolean> {
  const mine: unknown[] = await db.query(
    `SELECT n.id FROM notifications n LEFT JOIN cases c ON c.id = n.case_id WHERE n.id = $4 AND ${MINE}`,
    [...params(user), id],
  );
  if (mine.length === 0) return false;
  await db.query(
    `INSERT INTO notification_reads (notification_id, username) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [id, user.username],
  );
  return true;
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllInboxNotificationsRead(db: EntityManager, user: InboxUser): Promise<number> {
  const rows: unknown[] = await db.query(
    `INSERT INTO notification_reads (notification_id, username)
     SELECT n.id, $1 FROM notifications n LEFT JOIN cases c ON c.id = n.case_id WHERE ${MINE}
     ON CONFLICT DO NOTHING RETURNING notification_id`,
    params(user),
  );
  return rows.length;
}
