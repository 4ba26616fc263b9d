import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The bell in the web UI: per-user read state of outbox notifications, and the lookup of a recipient's rows. */
export class NotificationReads1796700000000 implements MigrationInterface {
  name = 'NotificationReads1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_reads (
        notification_id uuid NOT NULL,
        username text NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_notification_reads PRIMARY KEY (notification_id, username),
        CONSTRAINT fk_notification_reads_notification_id FOREIGN KEY (notification_id)
          REFERENCES notifications (id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX ix_notifications_recipient_created_at ON notifications (recipient, created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_notifications_recipient_created_at`);
    await q.query(`DROP TABLE notification_reads`);
  }
}
