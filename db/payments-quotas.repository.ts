// payments and quota_reservations: the money and the numbered places the built-in service tasks write.
import type { EntityManager } from 'typeorm';

export interface PaymentInsert {
  caseId: string;
  tranche: string;
  amountFen: number;
  status: string;
  reason: string | null;
  idempotencyKey: string;
  /** workflow time; the database's now() when absent */
  at: string | Date | null;
}

/** True when this call inserted the payment (a retried one is left alone). */
export async function insertPayment(tx: EntityManager, p: PaymentInsert): Promise<boolean> {
  const inserted: unknown[] = await tx.query(
    `INSERT INTO payments (case_id, tranche, amount_fen, status, reason, idempotency_key, paid_at)
     VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, now())) ON CONFLICT DO NOTHING RETURNING id`,
    [p.caseId, p.tranche, p.amountFen, p.status, p.reason, p.idempotencyKey, p.at],
  );
  return inserted.length > 0;
}

export interface QuotaScope {
  quota: string;
  period: string;
  grade: string;
}

/** The place the case already holds in this quota and period (any grade). */
export async function heldQuotaPlace(
  tx: EntityManager,
  quota: string,
  period: string,
  caseId: string,
): Promise<{ grade: string; slot: number } | undefined> {
  const held: { grade: string; slot: number }[] = await tx.query(
    `SELECT grade, slot FROM quota_reservations WHERE quota = $1 AND period = $2 AND case_id = $3`,
    [quota, period, caseId],
  );
  return held[0];
}

export async function countQuotaPlaces(tx: EntityManager, q: QuotaScope): Promise<number> {
  const rows: { n: number }[] = await tx.query(
    `SELECT count(*)::int AS n FROM quota_reservations WHERE quota = $1 AND period = $2 AND grade = $3`,
    [q.quota, q.period, q.grade],
  );
  return rows[0]?.n ?? 0;
}

export async function insertQuotaPlace(
  tx: EntityManager,
  q: QuotaScope & { slot: number; caseId: string; idempotencyKey: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO quota_reservations (quota, period, grade, slot, case_id, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [q.quota, q.period, q.grade, q.slot, q.caseId, q.idempotencyKey],
  );
}
