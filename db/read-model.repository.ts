// The case workflow's read-model writes (cases, tasks, message_subscriptions), one function per operation; every
// write is idempotent so a retried batch changes nothing twice.
import type { EntityManager } from 'typeorm';

export interface CaseRowInsert {
  caseId: string;
  processKey: string;
  processVersion: number;
  businessKey: string;
  variables: Record<string, unknown>;
  district: string | null;
  applicantId: string | null;
  employerId: string | null;
}

/** Inserts the case row unless it exists (the API creates it first; a child case creates its own). */
export async function insertCaseIfMissing(tx: EntityManager, c: CaseRowInsert): Promise<void> {
  await tx.query(
    `INSERT INTO cases (id, process_key, process_version, business_key, status, variables, district,
       applicant_id, employer_id)
     VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [
      c.caseId,
      c.processKey,
      c.processVersion,
      c.businessKey,
      JSON.stringify(c.variables),
      c.district,
      c.applicantId,
      c.employerId,
    ],
  );
}

export async function setCaseCreatedAt(tx: EntityManager, caseId: string, at: string | Date): Promise<void> {
  await tx.query(`UPDATE cases SET created_at = $2, updated_at = $2 WHERE id = $1`, [caseId, at]);
}

export interface CaseSync {
  caseId: string;
  status: string;
  activeElements: string[];
  variables: Record<string, unknown>;
  calendarProvisional: boolean;
  failureReason: string | null;
  district: string | null;
  applicantId: string | null;
  employerId: string | null;
  at: string | Date | null;
}

/** The case row's state after a workflow step; finished_at is set once, when it completes or terminates. */
export async function syncCaseRow(tx: EntityManager, c: CaseSync): Promise<void> {
  await tx.query(
    `UPDATE cases SET status = $2, active_elements = $3, variables = $4, calendar_provisional = $5,
       failure_reason = $6, district = coalesce($7, district), applicant_id = $8, employer_id = $9,
       finished_at = CASE WHEN $2 IN ('completed', 'terminated') THEN coalesce(finished_at, $10, now()) END,
       updated_at = coalesce($10, now()) WHERE id = $1`,
    [
      c.caseId,
      c.status,
      c.activeElements,
      JSON.stringify(c.variables),
      c.calendarProvisional,
      c.failureReason,
      c.district,
      c.applicantId,
      c.employerId,
      c.at,
    ],
  );
}

export async function setCaseOutcome(tx: EntityManager, caseId: string, outcome: unknown): Promise<void> {
  await tx.query(`UPDATE cases SET outcome = $2 WHERE id = $1`, [caseId, outcome]);
}

export interface TaskInsert {
  taskId: string;
  caseId: string;
  elementId: string;
  key: string;
  name: string | null;
  candidateGroups: string[];
  assignee: string | null;
  dueAt: string | Date | null;
  processKey: string;
  excludeAffiliation: string | null;
  distinctFrom: string[];
  miKey: string | null;
  at: string | Date | null;
}

/** Inserts the task (district from its case) unless the element instance already has one. */
export async function insertTaskIfMissing(tx: EntityManager, t: TaskInsert): Promise<void> {
  await tx.query(
    `INSERT INTO tasks (id, case_id, element_id, element_instance_key, name, candidate_groups, assignee, due_at,
       district, process_key, exclude_affiliation, distinct_from, mi_key, created_at, updated_at)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, c.district, $9, $10, $11, $12, coalesce($13, now()), coalesce($13, now())
       FROM cases c WHERE c.id = $2
     ON CONFLICT (case_id, element_instance_key) DO NOTHING`,
    [
      t.taskId,
      t.caseId,
      t.elementId,
      t.key,
      t.name,
      t.candidateGroups,
      t.assignee,
      t.dueAt,
      t.processKey,
      t.excludeAffiliation,
      t.distinctFrom,
      t.miKey,
      t.at,
    ],
  );
}

export async function claimOpenTask(
  tx: EntityManager,
  caseId: string,
  key: string,
  assignee: string | null,
  at: string | Date | null,
): Promise<void> {
  await tx.query(
    `UPDATE tasks SET assignee = $3, updated_at = coalesce($4, now())
      WHERE case_id = $1 AND element_instance_key = $2 AND state = 'open'`,
    [caseId, key, assignee, at],
  );
}

export interface TaskCompletion {
  caseId: string;
  key: string;
  by: string;
  decision: string | null;
  comment: string | null;
  variables: Record<string, unknown>;
  at: string | Date;
}

export async function completeOpenTask(tx: EntityManager, c: TaskCompletion): Promise<void> {
  await tx.query(
    `UPDATE tasks SET state = 'completed', completed_by = $3, decision = $4, comment = $5, variables = $6,
       completed_at = $7, updated_at = now()
     WHERE case_id = $1 AND element_instance_key = $2 AND state = 'open'`,
    [c.caseId, c.key, c.by, c.decision, c.comment, JSON.stringify(c.variables), c.at],
  );
}

export async function withdrawOpenTask(tx: EntityManager, caseId: string, key: string): Promise<void> {
  await tx.query(
    `UPDATE tasks SET state = 'withdrawn', updated_at = now() WHERE case_id = $1 AND element_instance_key = $2 AND state = 'open'`,
    [caseId, key],
  );
}

export async function setTaskDue(
  tx: EntityManager,
  caseId: string,
  key: string,
  dueAt: string | Date | null,
): Promise<void> {
  await tx.query(
    `UPDATE tasks SET due_at = $3, updated_at = now() WHERE case_id = $1 AND element_instance_key = $2`,
    [caseId, key, dueAt],
  );
}

export interface SubscriptionOpen {
  caseId: string;
  key: string;
  elementId: string;
  messageName: string;
  correlationKey: string;
}

export async function openMessageSubscription(tx: EntityManager, s: SubscriptionOpen): Promise<void> {
  await tx.query(
    `INSERT INTO message_subscriptions (case_id, element_instance_key, element_id, message_name, correlation_key)
     SELECT $1, $2, $3, $4, $5 FROM cases c WHERE c.id = $1
     ON CONFLICT (case_id, element_instance_key) DO NOTHING`,
    [s.caseId, s.key, s.elementId, s.messageName, s.correlationKey],
  );
}

export async function closeMessageSubscription(
  tx: EntityManager,
  caseId: string,
  key: string,
): Promise<void> {
  await tx.query(
    `UPDATE message_subscriptions SET closed_at = now()
     WHERE case_id = $1 AND element_instance_key = $2 AND closed_at IS NULL`,
    [caseId, key],
  );
}
