import { type EntityManager } from 'typeorm';
import { HistoryEventEntity } from './entities/history-event.entity';

export interface AppendHistoryInput {
  caseId: string;
  type: string;
  elementId?: string | null;
  actor?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
  /** workflow id + element-instance key + type; a second append with the same key writes nothing. */
  idempotencyKey?: string | null;
}

export interface AppendHistoryResult {
  event: HistoryEventEntity;
  /** false when the idempotency key was already recorded (the existing event is returned) */
  created: boolean;
}

// Two-int advisory lock space reserved for history seq allocation, apart from any single-bigint locks.
const HISTORY_LOCK_CLASS = 0x52464831; // 'RFH1'

/**
 * Appends one event with the next gap-free seq of its case. Seq allocation is serialised per case by a
 * transaction-scoped advisory lock; each later statement (READ COMMITTED) then sees every earlier append.
 * Runs in the caller's transaction when there is one (which must be READ COMMITTED), otherwise in its own.
 */
export async function appendHistory(
  manager: EntityManager,
  input: AppendHistoryInput,
): Promise<AppendHistoryResult> {
  if (manager.queryRunner?.isTransactionActive) return appendLocked(manager, input);
  return manager.transaction((tx) => appendLocked(tx, input));
}

interface HistoryRow {
  id: string;
  case_id: string;
  seq: number;
  at: Date;
  type: string;
  element_id: string | null;
  actor: string | null;
  data: Record<string, unknown>;
  idempotency_key: string | null;
}

function toEntity(row: HistoryRow): HistoryEventEntity {
  return Object.assign(new HistoryEventEntity(), {
    id: String(row.id),
    caseId: row.case_id,
    seq: row.seq,
    at: row.at,
    type: row.type,
    elementId: row.element_id,
    actor: row.actor,
    data: row.data,
    idempotencyKey: row.idempotency_key,
  });
}

// Plain SQL, two statements after the lock: appends sit on every batch item and workflow step.
async function appendLocked(manager: EntityManager, input: AppendHistoryInput): Promise<AppendHistoryResult> {
  await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [HISTORY_LOCK_CLASS, input.caseId]);
  const inserted: HistoryRow[] = await manager.query(
    `INSERT INTO history_events (case_id, seq, type, element_id, actor, data, idempotency_key, at)
     SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now())
       FROM history_events WHERE case_id = $1
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING *`,
    [
      input.caseId,
      input.type,
      input.elementId ?? null,
      input.actor ?? null,
      JSON.stringify(input.data ?? {}),
      input.idempotencyKey ?? null,
      input.at ? input.at.toISOString() : null,
    ],
  );
  const row = inserted[0];
  if (row) return { event: toEntity(row), created: true };
  const existing: HistoryRow[] = await manager.query(
    `SELECT * FROM history_events WHERE idempotency_key = $1`,
    [input.idempotencyKey],
  );
  if (!existing[0]) throw new Error(`history append for case ${input.caseId} wrote nothing`);
  return { event: toEntity(existing[0]), created: false };
}

/** The case's history, oldest first. */
export async function listHistory(manager: EntityManager, caseId: string): Promise<HistoryEventEntity[]> {
  return manager.getRepository(HistoryEventEntity).find({ where: { caseId }, order: { seq: 'ASC' } });
}

/**
 * Appends several events of one case in order, under one lock and one statement: seqs stay gap-free and events
 * whose idempotency key is already recorded are skipped. Must run inside a READ COMMITTED transaction.
 */
export async function appendHistoryEvents(
  tx: EntityManager,
  caseId: string,
  events: (Omit<AppendHistoryInput, 'caseId'> & { idempotencyKey: string })[],
): Promise<number> {
  if (events.length === 0) return 0;
  if (!tx.queryRunner?.isTransactionActive) throw new Error('appendHistoryEvents needs a transaction');
  await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [HISTORY_LOCK_CLASS, caseId]);
  const rows = events.map((e, ord) => ({
    ord,
    type: e.type,
    element_id: e.elementId ?? null,
    actor: e.actor ?? null,
    data: e.data ?? {},
    key: e.idempotencyKey,
    at: e.at ? e.at.toISOString() : null,
  }));
  const inserted: unknown[] = await tx.query(
    `WITH v AS (
       SELECT x.* FROM jsonb_to_recordset($2::jsonb)
         AS x(ord int, type text, element_id text, actor text, data jsonb, key text, at timestamptz)
        WHERE NOT EXISTS (SELECT 1 FROM history_events h WHERE h.idempotency_key = x.key)
     ), base AS (SELECT coalesce(max(seq), 0) AS m FROM history_events WHERE case_id = $1)
     INSERT INTO history_events (case_id, seq, type, element_id, actor, data, idempotency_key, at)
     SELECT $1, base.m + row_number() OVER (ORDER BY v.ord), v.type, v.element_id, v.actor, v.data, v.key,
            coalesce(v.at, now())
       FROM v, base
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id`,
    [caseId, JSON.stringify(rows)],
  );
  return inserted.length;
}
