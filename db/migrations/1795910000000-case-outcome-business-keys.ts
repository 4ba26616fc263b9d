import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outcome`: the rf:outcome of the end event a case finished at (null otherwise), filterable per process.
 * `business_key_sequences`: one counter per process key and year for generated business keys; an upsert that
 * increments and returns it is atomic, so concurrent creates never share a number.
 */
export class CaseOutcomeBusinessKeys1795910000000 implements MigrationInterface {
  name = 'CaseOutcomeBusinessKeys1795910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "outcome" text`);
    await q.query(`CREATE INDEX "ix_cases_process_key_outcome" ON "cases" ("process_key", "outcome")`);
    await q.query(
      `CREATE TABLE "business_key_sequences" (
         "process_key" text NOT NULL,
         "year" integer NOT NULL,
         "last_value" bigint NOT NULL,
         CONSTRAINT "pk_business_key_sequences" PRIMARY KEY ("process_key", "year"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "business_key_sequences"`);
    await q.query(`DROP INDEX "ix_cases_process_key_outcome"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "outcome"`);
  }
}
