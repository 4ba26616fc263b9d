import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case search and the overview.
 * - `finished_at`: when a case became completed or terminated (the weekly "finished" chart and the finished-date
 *   filter); existing finished cases take their last update.
 * - Trigram indexes (pg_trgm, a trusted extension since PostgreSQL 13) for the free-text search, a substring match on
 *   the business key and on the `applicantName` variable (where the start forms keep the applicant's name).
 */
export class CaseSearchOverview1796100000000 implements MigrationInterface {
  name = 'CaseSearchOverview1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "finished_at" timestamptz`);
    await q.query(
      `UPDATE "cases" SET "finished_at" = "updated_at" WHERE "status" IN ('completed', 'terminated')`,
    );
    await q.query(`CREATE INDEX "ix_cases_finished_at" ON "cases" ("finished_at")`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE INDEX "ix_cases_business_key_trgm" ON "cases" USING gin ("business_key" gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX "ix_cases_applicant_name_trgm" ON "cases" USING gin ((variables->>'applicantName') gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_cases_applicant_name_trgm"`);
    await q.query(`DROP INDEX "ix_cases_business_key_trgm"`);
    await q.query(`DROP INDEX "ix_cases_finished_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "finished_at"`);
  }
}
