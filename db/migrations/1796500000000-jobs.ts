import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * External jobs (service tasks of a type no built-in serves) and the OAuth-style clients that work them. A job row is
 * the read side of a Temporal activity completed asynchronously: it holds the activity's task token.
 */
export class Jobs1796500000000 implements MigrationInterface {
  name = 'Jobs1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jobs (
        id bigserial NOT NULL,
        case_id uuid NOT NULL,
        workflow_id text NOT NULL,
        element_key text NOT NULL,
        element_id text NOT NULL,
        process_key text NOT NULL,
        process_version integer NOT NULL,
        kind text NOT NULL DEFAULT 'BPMN_ELEMENT',
        job_type text NOT NULL,
        state text NOT NULL,
        retries integer NOT NULL,
        variables jsonb NOT NULL,
        custom_headers jsonb NOT NULL,
        task_token bytea NOT NULL,
        attempt integer NOT NULL,
        worker text,
        deadline timestamptz,
        error_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_jobs PRIMARY KEY (id),
        CONSTRAINT uq_jobs_workflow_element UNIQUE (workflow_id, element_key),
        CONSTRAINT fk_jobs_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT ck_jobs_state CHECK (state IN
          ('activatable', 'activated', 'retrying', 'completed', 'failed', 'error-thrown', 'canceled')),
        CONSTRAINT ck_jobs_retries CHECK (retries >= 0)
      )`);
    await q.query(
      `CREATE INDEX ix_jobs_activatable ON jobs (job_type, id) WHERE state IN ('activatable', 'activated')`,
    );
    await q.query(`CREATE INDEX ix_jobs_case_id ON jobs (case_id)`);
    await q.query(`
      CREATE TABLE job_clients (
        client_id text NOT NULL,
        secret_hash text NOT NULL,
        name text NOT NULL,
        job_types text[] NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT pk_job_clients PRIMARY KEY (client_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_clients`);
    await q.query(`DROP TABLE jobs`);
  }
}
