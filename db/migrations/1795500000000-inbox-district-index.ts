import type { MigrationInterface, QueryRunner } from 'typeorm';

/** District inboxes page open tasks by due date; without this they filter every other district's rows. */
export class InboxDistrictIndex1795500000000 implements MigrationInterface {
  name = 'InboxDistrictIndex1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_tasks_open_district_due_at" ON "tasks" ("district", "due_at", "created_at", "id") WHERE state = 'open'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_tasks_open_district_due_at"`);
  }
}
