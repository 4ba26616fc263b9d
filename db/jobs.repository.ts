// External jobs: created by the case workflow's job activity (which completes asynchronously), activated, completed,
// failed and cancelled through the API. The row's task token is the Temporal activity's.
import type { DataSource, EntityManager } from 'typeorm';
import { type Columns, fromColumns } from './row-columns';

export type JobState =
  'activatable' | 'activated' | 'retrying' | 'completed' | 'failed' | 'error-thrown' | 'canceled';

export interface JobRow {
  id: string;
  caseId: string;
  workflowId: string;
  elementKey: string;
  elementId: string;
  processKey: string;
  processVersion: number;
  kind: string;
  /** an execution listener's event: START or END; null for a BPMN element's job */
  listenerEventType: string | null;
  /** an execution listener's element instance; null: elementKey is the element instance */
  elementInstanceKey: string | null;
  jobType: string;
  state: JobState;
  retries: number;
  variables: Record<string, unknown>;
  customHeaders: Record<string, string>;
  taskToken: Buffer;
  attempt: number;
  worker: string | null;
  deadline: Date | null;
  errorMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type RawJob = Columns<JobRow>;

// pg answers a bigint as a string already; String() keeps the id a string whatever the driver's parsing.
const toRow = (r: RawJob): JobRow => ({ ...fromColumns<JobRow>(r), id: String(r.id) });

/** What the job activity writes; kind defaults to BPMN_ELEMENT, the listener fields to null. */
export type JobUpsert = Pick<
  JobRow,
  | 'caseId'
  | 'workflowId'
  | 'elementKey'
  | 'elementId'
  | 'processKey'
  | 'processVersion'
  | 'jobType'
  | 'retries'
  | 'variables'
  | 'customHeaders'
  | 'taskToken'
  | 'attempt'
> & { kind?: string; listenerEventType?: string; elementInstanceKey?: string };

/**
 * Makes the job of one element instance activatable with the current activity attempt's task token. Attempt 1 (a
 * new activity: first run or after retryIncident) starts over with the definition's retries; a Temporal retry keeps
 * the retries the worker left. A late, older attempt never overwrites a newer one.
 */
export async function upsertJob(db: DataSource | EntityManager, job: JobUpsert): Promise<void> {
  await db.query(
    `INSERT INTO jobs (case_id, workflow_id, element_key, element_id, process_key, process_version, kind, job_type,
       state, retries, variables, custom_headers, task_token, attempt, listener_event_type, element_instance_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'activatable', $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (workflow_id, element_key) DO UPDATE SET
       task_token = EXCLUDED.task_token, attempt = EXCLUDED.attempt, state = 'activatable', worker = NULL,
       deadline = NULL, job_type = EXCLUDED.job_type, element_id = EXCLUDED.element_id,
       variables = EXCLUDED.variables, custom_headers = EXCLUDED.custom_headers,
       retries = CASE WHEN EXCLUDED.attempt = 1 THEN EXCLUDED.retries ELSE jobs.retries END,
       error_message = CASE WHEN EXCLUDED.attempt = 1 THEN NULL ELSE jobs.error_message END,
       updated_at = now()
     WHERE EXCLUDED.attempt = 1 OR jobs.attempt <= EXCLUDED.attempt`,
    [
      job.caseId,
      job.workflowId,
      job.elementKey,
      job.elementId,
      job.processKey,
      job.processVersion,
      job.kind ?? 'BPMN_ELEMENT',
      job.jobType,
      job.retries,
      JSON.stringify(job.variables),
      JSON.stringify(job.customHeaders),
      job.taskToken,
      job.attempt,
      job.listenerEventType ?? null,
      job.elementInstanceKey ?? null,
    ],
  );
}

/**
 * Locks up to `max` activatable jobs of one type for `timeoutMs` (a job whose lock expired counts as activatable).
 * Concurrent activations never hand out the same job (SKIP LOCKED).
 */
export async function activateJobs(
  ds: DataSource,
  opts: { jobType: string; worker: string; timeoutMs: number; max: number },
): Promise<JobRow[]> {
  // TypeORM answers an UPDATE with [rows, affected count].
  const [rows]: [RawJob[], number] = await ds.query(
    `UPDATE jobs SET state = 'activated', worker = $2, deadline = now() + make_interval(secs => $3::float8 / 1000),
       updated_at = now()
     WHERE id IN (
       SELECT id FROM jobs
       WHERE job_type = $1 AND (state = 'activatable' OR (state = 'activated' AND deadline <= now()))
       ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [opts.jobType, opts.worker, opts.timeoutMs, opts.max],
  );
  return rows.map(toRow).sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Gives jobs activated for a worker that hung up before it could receive them back: activatable again, as if
 * never activated (only rows still held by that worker and not answered since).
 */
export async function releaseJobs(ds: DataSource, ids: string[], worker: string): Promise<void> {
  if (ids.length === 0) return;
  await ds.query(
    `UPDATE jobs SET state = 'activatable', worker = NULL, deadline = NULL, updated_at = now()
     WHERE id = ANY($1::bigint[]) AND state = 'activated' AND worker = $2`,
    [ids, worker],
  );
}

export async function findJob(ds: DataSource, id: string): Promise<JobRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const rows: RawJob[] = await ds.query('SELECT * FROM jobs WHERE id = $1', [id]);
  return rows[0] ? toRow(rows[0]) : undefined;
}

/**
 * Moves a job from an open state (activatable, activated) to `to`, once: the answer is the row as it was, or
 * undefined when it was not open any more (another worker answered first, or the element was cancelled).
 */
export async function closeJob(
  ds: DataSource,
  id: string,
  to: JobState,
  patch: { retries?: number; errorMessage?: string | null } = {},
): Promise<JobRow | undefined> {
  const [rows]: [RawJob[], number] = await ds.query(
    `UPDATE jobs SET state = $2, retries = COALESCE($3, retries), error_message = COALESCE($4, error_message),
       deadline = NULL, updated_at = now()
     WHERE id = $1 AND state IN ('activatable', 'activated')
     RETURNING *`,
    [id, to, patch.retries ?? null, patch.errorMessage ?? null],
  );
  return rows[0] ? toRow(rows[0]) : undefined;
}

/** Puts a job back as it was before a close whose Temporal call failed for a passing reason. */
export async function reopenJob(ds: DataSource, job: JobRow): Promise<void> {
  await ds.query(
    `UPDATE jobs SET state = $2, retries = $3, error_message = $4, deadline = $5, updated_at = now()
     WHERE id = $1 AND task_token = $6`,
    [job.id, job.state, job.retries, job.errorMessage, job.deadline, job.taskToken],
  );
}

/** The element instance no longer waits for its job (interrupted, case cancelled). */
export async function cancelJob(
  db: DataSource | EntityManager,
  workflowId: string,
  elementKey: string,
): Promise<void> {
  await db.query(
    `UPDATE jobs SET state = 'canceled', deadline = NULL, updated_at = now()
     WHERE workflow_id = $1 AND element_key = $2 AND state IN ('activatable', 'activated', 'retrying')`,
    [workflowId, elementKey],
  );
}

export async function markJobCanceled(ds: DataSource, id: string): Promise<void> {
  await ds.query(`UPDATE jobs SET state = 'canceled', deadline = NULL, updated_at = now() WHERE id = $1`, [
    id,
  ]);
}

/** Jobs of a case waiting for a worker (or in a retry backoff), oldest first. */
export async function openJobsOfCase(ds: DataSource, caseId: string): Promise<JobRow[]> {
  const rows: RawJob[] = await ds.query(
    `SELECT * FROM jobs WHERE case_id = $1 AND state IN ('activatable', 'activated', 'retrying') ORDER BY id`,
    [caseId],
  );
  return rows.map(toRow);
}

export interface JobClientRow {
  clientId: string;
  secretHash: string;
  name: string;
  jobTypes: string[];
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

type RawClient = Columns<JobClientRow>;

const clientRow = (r: RawClient): JobClientRow => fromColumns<JobClientRow>(r);

export async function insertJobClient(
  ds: DataSource,
  c: { clientId: string; secretHash: string; name: string; jobTypes: string[]; createdBy: string },
): Promise<JobClientRow> {
  const rows: RawClient[] = await ds.query(
    `INSERT INTO job_clients (client_id, secret_hash, name, job_types, created_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [c.clientId, c.secretHash, c.name, c.jobTypes, c.createdBy],
  );
  return clientRow(rows[0]!);
}

export async function findJobClient(ds: DataSource, clientId: string): Promise<JobClientRow | undefined> {
  const rows: RawClient[] = await ds.query('SELECT * FROM job_clients WHERE client_id = $1', [clientId]);
  return rows[0] ? clientRow(rows[0]) : undefined;
}

export async function listJobClients(ds: DataSource): Promise<JobClientRow[]> {
  const rows: RawClient[] = await ds.query('SELECT * FROM job_clients ORDER BY created_at, client_id');
  return rows.map(clientRow);
}

/** True when the client existed and was active. */
export async function revokeJobClient(ds: DataSource, clientId: string): Promise<boolean> {
  const [, affected]: [unknown, number] = await ds.query(
    'UPDATE job_clients SET revoked_at = now() WHERE client_id = $1 AND revoked_at IS NULL',
    [clientId],
  );
  return affected > 0;
}
