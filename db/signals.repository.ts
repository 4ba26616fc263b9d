// Who a signal broadcast reaches: active cases with an open `signal:<name>` subscription (rows of
// message_subscriptions written by the case workflow), and the latest definition of each process with a top-level
// signal start event of that name (Camunda 8: only the latest version subscribes).
import type { DataSource, EntityManager } from 'typeorm';

export interface SignalStartTarget {
  processKey: string;
  processVersion: number;
  elementId: string;
}

export async function signalWaitingCases(
  db: DataSource | EntityManager,
  subscriptionName: string,
): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT DISTINCT c.id FROM message_subscriptions s JOIN cases c ON c.id = s.case_id
      WHERE s.message_name = $1 AND s.correlation_key = '' AND s.closed_at IS NULL AND c.status IN ('active', 'failed')
      ORDER BY c.id`,
    [subscriptionName],
  );
  return rows.map((r) => r.id);
}

export async function signalStartTargets(
  db: DataSource | EntityManager,
  signalName: string,
): Promise<SignalStartTarget[]> {
  const rows: { key: string; version: number; element_id: string }[] = await db.query(
    `SELECT d.key, d.version, s->>'elementId' AS element_id
       FROM process_definitions d
       JOIN (SELECT key, max(version) AS version FROM process_definitions GROUP BY key) latest
         ON latest.key = d.key AND latest.version = d.version
       CROSS JOIN LATERAL jsonb_array_elements(coalesce(d.graph->'signalStarts', '[]'::jsonb)) s
      WHERE s->>'signalName' = $1
      ORDER BY d.key, s->>'elementId'`,
    [signalName],
  );
  return rows.map((r) => ({ processKey: r.key, processVersion: Number(r.version), elementId: r.element_id }));
}
