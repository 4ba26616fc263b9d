import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17. `calendar_recompute_jobs`: one row per (year, case) whose provisional deadlines must be recomputed
 * because that year's calendar data was loaded; written in the PUT's transaction, worked off by the API in the
 * background, so a crash in between loses nothing. `batches.instant`: the instant a message batch fixed, so a batch
 * resumed after a crash starts its remaining cases at the same instant; `batches.actor`: who ran it (roles, district,
 * affiliation), so the resumed items are checked as that user.
 */
export class RecoveryJobs1795940000000 implements MigrationInterface {
  name = 'RecoveryJobs1795940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "calendar_recompute_jobs" (
        "year" integer NOT NULL,
        "case_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "done_at" TIMESTAMP WITH TIME ZONE,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        CONSTRAINT "pk_calendar_recompute_jobs" PRIMARY KEY ("year", "case_id"),
        CONSTRAINT "fk_calendar_recompute_jobs_case_id" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "ix_calendar_recompute_jobs_pending" ON "calendar_recompute_jobs" ("created_at") WHERE done_at IS NULL`,
    );
    await q.query(`ALTER TABLE "batches" ADD "instant" text`);
    await q.query(`ALTER TABLE "batches" ADD "actor" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "batches" DROP COLUMN "actor"`);
    await q.query(`ALTER TABLE "batches" DROP COLUMN "instant"`);
    await q.query(`DROP TABLE "calendar_recompute_jobs"`);
  }
}
