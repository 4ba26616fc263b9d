// Open incidents across all cases, read from the read model: a failed case's incident-raised history rows that no
// incident-resolved row (same incidentKey) answers, plus a failed case without such a row (an incident of the
// workflow shell, e.g. a deadline that could not be computed) as one entry from its failure_reason.
import type { DataSource } from 'typeorm';

export interface OpenIncidentRow {
  caseId: string;
  businessKey: string;
  processKey: string;
  processVersion: number;
  processName: string | null;
  district: string | null;
  /** the engine's incident key; null for an incident of the workflow shell */
  incidentKey: string | null;
  elementId: string | null;
  elementName: string | null;
  reason: string;
  /** the engine's stable reason code, when the element gave one (e.g. DMN_NO_MATCH) */
  code: string | null;
  raisedAt: Date;
}

export interface OpenIncidentQuery {
  processKey?: string;
  caseId?: string;
  page: number;
  pageSize: number;
}

const OPEN_INCIDENTS = `
  WITH open AS (
    SELECT c.id AS case_id, h.data->>'incidentKey' AS incident_key, h.element_id,
           coalesce(h.data->>'reason', '') AS reason, h.data->>'code' AS code, h.at AS raised_at
      FROM cases c
      JOIN history_events h ON h.case_id = c.id AND h.type = 'incident-raised'
     WHERE c.status = 'failed'
       AND NOT EXISTS (SELECT 1 FROM history_events r
                        WHERE r.case_id = c.id AND r.type = 'incident-resolved'
                          AND r.data->>'incidentKey' = h.data->>'incidentKey')
    UNION ALL
    SELECT c.id, NULL, NULLIF(split_part(coalesce(c.failure_reason, ''), ': ', 1), ''),
           coalesce(c.failure_reason, ''), NULL, c.updated_at
      FROM cases c
     WHERE c.status = 'failed'
       AND NOT EXISTS (SELECT 1 FROM history_events h
                        WHERE h.case_id = c.id AND h.type = 'incident-raised'
                          AND NOT EXISTS (SELECT 1 FROM history_events r
                                           WHERE r.case_id = c.id AND r.type = 'incident-resolved'
                                             AND r.data->>'incidentKey' = h.data->>'incidentKey'))
  )
  SELECT o.case_id, c.business_key, c.process_key, c.process_version, d.name AS process_name, c.district,
         o.incident_key, o.element_id, d.graph->'nodes'->o.element_id->>'name' AS element_name, o.reason, o.code,
         o.raised_at, count(*) OVER () AS total
    FROM open o
    JOIN cases c ON c.id = o.case_id
    LEFT JOIN process_definitions d ON d.key = c.process_key AND d.version = c.process_version
   WHERE ($1::text IS NULL OR c.process_key = $1) AND ($2::uuid IS NULL OR c.id = $2)
   ORDER BY o.raised_at ASC, o.case_id ASC, o.incident_key ASC
   LIMIT $3 OFFSET $4`;

interface Row {
  case_id: string;
  business_key: string;
  process_key: string;
  process_version: number;
  process_name: string | null;
  district: string | null;
  incident_key: string | null;
  element_id: string | null;
  element_name: string | null;
  reason: string;
  code: string | null;
  raised_at: Date;
  total: string;
}

/** One page of open incidents, oldest first, with the total. */
export async function listOpenIncidents(
  dataSource: DataSource,
  q: OpenIncidentQuery,
): Promise<{ items: OpenIncidentRow[]; total: number }> {
  const rows: Row[] = await dataSource.query(OPEN_INCIDENTS, [
    q.processKey ?? null,
    q.caseId ?? null,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  ]);
  let total = Number(rows[0]?.total ?? 0);
  // a page past the end has no rows to carry the total
  if (rows.length === 0 && q.page > 1) total = (await listOpenIncidents(dataSource, { ...q, page: 1 })).total;
  return {
    total,
    items: rows.map((r) => ({
      caseId: r.case_id,
      businessKey: r.business_key,
      processKey: r.process_key,
      processVersion: Number(r.process_version),
      processName: r.process_name,
      district: r.district,
      incidentKey: r.incident_key,
      elementId: r.element_id,
      elementName: r.element_name,
      reason: r.reason,
      code: r.code,
      raisedAt: r.raised_at,
    })),
  };
}
