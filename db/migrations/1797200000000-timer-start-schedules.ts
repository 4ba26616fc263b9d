import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per timer start event of a deployed version: the anchor its relative cycle counts from and how far it has
 * fired, so a timer-start workflow started again (continue-as-new, an API restart) resumes instead of repeating.
 */
export class TimerStartSchedules1797200000000 implements MigrationInterface {
  name = 'TimerStartSchedules1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timer_start_schedules (
        workflow_id text NOT NULL,
        process_key text NOT NULL,
        process_version int NOT NULL,
        element_id text NOT NULL,
        anchor timestamptz NOT NULL,
        fired int NOT NULL DEFAULT 0,
        last_fire_at timestamptz,
        next_fire_at timestamptz,
        ended_at timestamptz,
        ended_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_timer_start_schedules PRIMARY KEY (workflow_id)
      )`);
    await q.query(
      `CREATE INDEX ix_timer_start_schedules_process ON timer_start_schedules (process_key, process_version)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE timer_start_schedules`);
  }
}
