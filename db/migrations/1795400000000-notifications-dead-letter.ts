import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications that exhaust their attempts become `dead` (dead-letter), kept apart from transient `failed`. */
export class NotificationsDeadLetter1795400000000 implements MigrationInterface {
  name = 'NotificationsDeadLetter1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT ck_notifications_status`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT ck_notifications_status CHECK (status IN ('pending', 'sent', 'failed', 'dead'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notifications SET status = 'failed' WHERE status = 'dead'`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT ck_notifications_status`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT ck_notifications_status CHECK (status IN ('pending', 'sent', 'failed'))`,
    );
  }
}
