import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Open message subscriptions in the read model: POST /messages correlates through them. */
export class MessageSubscriptions1795600000000 implements MigrationInterface {
  name = 'MessageSubscriptions1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "message_subscriptions" (
        "case_id" uuid NOT NULL,
        "element_instance_key" text NOT NULL,
        "element_id" text NOT NULL,
        "message_name" text NOT NULL,
        "correlation_key" text NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "closed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_message_subscriptions" PRIMARY KEY ("case_id", "element_instance_key"),
        CONSTRAINT "fk_message_subscriptions_case_id" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE
      )`,
    );
    await q.query(
      `CREATE INDEX "ix_message_subscriptions_open_name_key" ON "message_subscriptions" ("message_name", "correlation_key") WHERE closed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "message_subscriptions"`);
  }
}
