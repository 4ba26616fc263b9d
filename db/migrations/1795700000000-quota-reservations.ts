import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Places in quotas shared across cases (built-in service task `quota`, e.g. Qinghai Q01's 5/10/15 per year). */
export class QuotaReservations1795700000000 implements MigrationInterface {
  name = 'QuotaReservations1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quota_reservations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        quota text NOT NULL,
        period text NOT NULL,
        grade text NOT NULL,
        slot int NOT NULL,
        case_id uuid NOT NULL,
        idempotency_key text NOT NULL,
        reserved_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_quota_reservations PRIMARY KEY (id),
        CONSTRAINT fk_quota_reservations_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE RESTRICT,
        CONSTRAINT uq_quota_reservations_quota_period_case_id UNIQUE (quota, period, case_id),
        CONSTRAINT uq_quota_reservations_quota_period_grade_slot UNIQUE (quota, period, grade, slot),
        CONSTRAINT uq_quota_reservations_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT ck_quota_reservations_slot CHECK (slot >= 1)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE quota_reservations`);
  }
}
