import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox total counts a district's open tasks the caller may act on. Every column that filter reads is in this
 * index, so the count is an index-only scan instead of a visit to each open task's heap page.
 */
export class InboxCountIndex1795800000000 implements MigrationInterface {
  name = 'InboxCountIndex1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_tasks_open_district_inbox" ON "tasks" ("district", "assignee") INCLUDE ("candidate_groups") WHERE state = 'open'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_tasks_open_district_inbox"`);
  }
}
