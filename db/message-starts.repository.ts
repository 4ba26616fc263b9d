// Process-level message start events: the latest definition of each process that a message of this name starts,
// and the case row such a start creates (unique per process and business key, so one correlation key starts one case).
import type { DataSource, EntityManager } from 'typeorm';

export interface MessageStartTarget {
  processKey: string;
  processVersion: number;
  elementId: string;
  /** rf:senders of the definition's messages (absent: admin only) */
  messageSenders: Record<string, string[]> | null;
}

export async function messageStartTargets(
  db: DataSource | EntityManager,
  messageName: string,
): Promise<MessageStartTarget[]> {
  const rows: {
    key: string;
    version: number;
    element_id: string;
    senders: Record<string, string[]> | null;
  }[] = await db.query(
    `SELECT d.key, d.version, s->>'elementId' AS element_id, d.graph->'messageSenders' AS senders
         FROM process_definitions d
         JOIN (SELECT key, max(version) AS version FROM process_definitions GROUP BY key) latest
           ON latest.key = d.key AND latest.version = d.version
         CROSS JOIN LATERAL jsonb_array_elements(coalesce(d.graph->'messageStarts', '[]'::jsonb)) s
        WHERE s->>'messageName' = $1
        ORDER BY d.key, s->>'elementId'`,
    [messageName],
  );
  return rows.map((r) => ({
    processKey: r.key,
    processVersion: Number(r.version),
    elementId: r.element_id,
    messageSenders: r.senders,
  }));
}

/** Inserts the case row of a message start; false when a case of that process already has the business key. */
export async function insertMessageStartedCase(
  db: DataSource | EntityManager,
  row: {
    id: string;
    processKey: string;
    processVersion: number;
    businessKey: string;
    variables: Record<string, unknown>;
    createdBy: string;
  },
): Promise<boolean> {
  const inserted: { id: string }[] = await db.query(
    `INSERT INTO cases (id, process_key, process_version, business_key, status, variables, district, created_by)
     VALUES ($1, $2, $3, $4, 'active', $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      row.id,
      row.processKey,
      row.processVersion,
      row.businessKey,
      JSON.stringify(row.variables),
      typeof row.variables.district === 'string' ? row.variables.district : null,
      row.createdBy,
    ],
  );
  return inserted.length === 1;
}

export async function deleteCaseRow(db: DataSource | EntityManager, id: string): Promise<void> {
  await db.query(`DELETE FROM cases WHERE id = $1`, [id]);
}
