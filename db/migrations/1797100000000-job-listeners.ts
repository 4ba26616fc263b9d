import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Execution listener jobs (kind EXECUTION_LISTENER): the listener's event (START / END) and the element instance it
 * belongs to; `element_key` stays the job's own key (unique per workflow). Both null for a BPMN element's job.
 */
export class JobListeners1797100000000 implements MigrationInterface {
  name = 'JobListeners1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE jobs ADD COLUMN listener_event_type text, ADD COLUMN element_instance_key text`,
    );
    await q.query(
      `ALTER TABLE jobs ADD CONSTRAINT ck_jobs_listener_event_type CHECK (listener_event_type IN ('START', 'END'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs DROP CONSTRAINT ck_jobs_listener_event_type`);
    await q.query(`ALTER TABLE jobs DROP COLUMN listener_event_type, DROP COLUMN element_instance_key`);
  }
}
