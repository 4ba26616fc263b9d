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

async function appendLocked(manager: EntityManager, input: AppendHistoryInput): Promise<AppendHistoryResult> {
  const repo = manager.getRepository(HistoryEventEntity);
  await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [HISTORY_LOCK_CLASS, input.caseId]);
  if (input.idempotencyKey) {
    const existing = await repo.findOneBy({ idempotencyKey: input.idempotencyKey });
    if (existing) return { event: existing, created: false };
  }
  const rows: { next: number }[] = await manager.query(
    `SELECT coalesce(max(seq), 0) + 1 AS next FROM history_events WHERE case_id = $1`,
    [input.caseId],
  );
  const seq = rows[0]?.next ?? 1;
  const event = repo.create({
    caseId: input.caseId,
    seq,
    type: input.type,
    elementId: input.elementId ?? null,
    actor: input.actor ?? null,
    data: input.data ?? {},
    idempotencyKey: input.idempotencyKey ?? null,
    ...(input.at ? { at: input.at } : {}),
  });
  return { event: await repo.save(event), created: true };
}

/** The case's history, oldest first. */
export async function listHistory(manager: EntityManager, caseId: string): Promise<HistoryEventEntity[]> {
  return manager.getRepository(HistoryEventEntity).find({ where: { caseId }, order: { seq: 'ASC' } });
}
