import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who a case belongs to, as columns the visibility predicate can index: the applicant and employer named by the case's
 * `applicantId` / `employerId` variables (kept in sync by the read-model activity) and the user who started it. Tasks
 * keep the rules that decide who may act on them, so the inbox filters by them instead of offering refusals.
 */
export class CaseRelationships1795930000000 implements MigrationInterface {
  name = 'CaseRelationships1795930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "cases" ADD "applicant_id" text, ADD "employer_id" text, ADD "created_by" text`,
    );
    await q.query(
      `UPDATE "cases" SET "applicant_id" = CASE WHEN jsonb_typeof(variables->'applicantId') = 'string' THEN variables->>'applicantId' END,
                          "employer_id" = CASE WHEN jsonb_typeof(variables->'employerId') = 'string' THEN variables->>'employerId' END`,
    );
    await q.query(`CREATE INDEX "ix_cases_applicant_id" ON "cases" ("applicant_id")`);
    await q.query(`CREATE INDEX "ix_cases_employer_id" ON "cases" ("employer_id")`);
    await q.query(`CREATE INDEX "ix_cases_created_by" ON "cases" ("created_by")`);
    await q.query(
      `ALTER TABLE "tasks" ADD "exclude_affiliation" text, ADD "distinct_from" text array NOT NULL DEFAULT '{}', ADD "mi_key" text`,
    );
    await q.query(`CREATE INDEX "ix_tasks_case_id_completed_by" ON "tasks" ("case_id", "completed_by")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_tasks_case_id_completed_by"`);
    await q.query(
      `ALTER TABLE "tasks" DROP COLUMN "mi_key", DROP COLUMN "distinct_from", DROP COLUMN "exclude_affiliation"`,
    );
    await q.query(`DROP INDEX "ix_cases_created_by"`);
    await q.query(`DROP INDEX "ix_cases_employer_id"`);
    await q.query(`DROP INDEX "ix_cases_applicant_id"`);
    await q.query(
      `ALTER TABLE "cases" DROP COLUMN "created_by", DROP COLUMN "employer_id", DROP COLUMN "applicant_id"`,
    );
  }
}
