import { type MigrationInterface, type QueryRunner } from 'typeorm';

// The read model of issue 3. Constraint and index names are explicit so errors can be mapped (e.g. 409 on
// uq_cases_process_key_business_key) and so the entities, which carry the same names, diff clean.
export class InitialSchema1795300000000 implements MigrationInterface {
  name = 'InitialSchema1795300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE process_definitions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        key text NOT NULL,
        version int NOT NULL,
        name text NOT NULL,
        xml text NOT NULL,
        graph jsonb NOT NULL,
        content_hash text NOT NULL,
        deployed_by text NOT NULL,
        deployed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_process_definitions PRIMARY KEY (id),
        CONSTRAINT uq_process_definitions_key_version UNIQUE (key, version),
        CONSTRAINT uq_process_definitions_key_content_hash UNIQUE (key, content_hash)
      )`);

    await q.query(`
      CREATE TABLE cases (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        process_key text NOT NULL,
        process_version int NOT NULL,
        business_key text NOT NULL,
        status text NOT NULL DEFAULT 'active',
        variables jsonb NOT NULL DEFAULT '{}',
        district text,
        active_elements text[] NOT NULL DEFAULT '{}',
        calendar_provisional boolean NOT NULL DEFAULT false,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_cases PRIMARY KEY (id),
        CONSTRAINT uq_cases_process_key_business_key UNIQUE (process_key, business_key),
        CONSTRAINT ck_cases_status CHECK (status IN ('active', 'completed', 'terminated', 'failed'))
      )`);
    await q.query(`CREATE INDEX ix_cases_status_created_at ON cases (status, created_at)`);
    await q.query(`CREATE INDEX ix_cases_district_status ON cases (district, status)`);
    await q.query(`CREATE INDEX ix_cases_process_key_status ON cases (process_key, status)`);
    await q.query(`CREATE INDEX ix_cases_created_at ON cases (created_at)`);
    await q.query(`CREATE INDEX ix_cases_active_elements ON cases USING gin (active_elements)`);

    await q.query(`
      CREATE TABLE tasks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        element_id text NOT NULL,
        element_instance_key text NOT NULL,
        name text NOT NULL,
        candidate_groups text[] NOT NULL DEFAULT '{}',
        assignee text,
        state text NOT NULL DEFAULT 'open',
        due_at timestamptz,
        completed_by text,
        decision text,
        comment text,
        variables jsonb,
        district text,
        process_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT pk_tasks PRIMARY KEY (id),
        CONSTRAINT fk_tasks_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT uq_tasks_case_id_element_instance_key UNIQUE (case_id, element_instance_key),
        CONSTRAINT ck_tasks_state CHECK (state IN ('open', 'completed', 'withdrawn'))
      )`);
    // Inbox: "open tasks whose candidate groups overlap my roles, by due date" uses the GIN index for &&.
    await q.query(
      `CREATE INDEX ix_tasks_candidate_groups_open ON tasks USING gin (candidate_groups) WHERE state = 'open'`,
    );
    await q.query(`CREATE INDEX ix_tasks_open_due_at ON tasks (due_at, created_at) WHERE state = 'open'`);
    await q.query(`CREATE INDEX ix_tasks_assignee_state ON tasks (assignee, state)`);
    await q.query(`CREATE INDEX ix_tasks_completed_by ON tasks (completed_by)`);
    await q.query(`CREATE INDEX ix_tasks_case_id ON tasks (case_id)`);
    await q.query(`CREATE INDEX ix_tasks_process_key_element_id ON tasks (process_key, element_id, state)`);
    await q.query(`CREATE INDEX ix_tasks_district_state ON tasks (district, state)`);

    await q.query(`
      CREATE TABLE history_events (
        id bigserial NOT NULL,
        case_id uuid NOT NULL,
        seq int NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        element_id text,
        actor text,
        data jsonb NOT NULL DEFAULT '{}',
        idempotency_key text,
        CONSTRAINT pk_history_events PRIMARY KEY (id),
        CONSTRAINT fk_history_events_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE RESTRICT,
        CONSTRAINT uq_history_events_case_id_seq UNIQUE (case_id, seq),
        CONSTRAINT uq_history_events_idempotency_key UNIQUE (idempotency_key)
      )`);
    await q.query(`CREATE INDEX ix_history_events_type ON history_events (type)`);
    await q.query(`
      CREATE FUNCTION rf_history_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'history_events is append-only: % refused', TG_OP
          USING ERRCODE = 'restrict_violation',
                HINT = 'append a new event instead of changing or removing one';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER history_events_append_only
        BEFORE UPDATE OR DELETE ON history_events
        FOR EACH ROW EXECUTE FUNCTION rf_history_events_append_only()`);

    await q.query(`
      CREATE TABLE payments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        tranche text NOT NULL,
        percent numeric(5,2),
        amount_fen bigint NOT NULL,
        status text NOT NULL,
        reason text,
        idempotency_key text NOT NULL,
        paid_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_payments PRIMARY KEY (id),
        CONSTRAINT fk_payments_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE RESTRICT,
        CONSTRAINT uq_payments_case_id_tranche_status UNIQUE (case_id, tranche, status),
        CONSTRAINT uq_payments_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT ck_payments_status CHECK (status IN ('paid', 'stopped', 'clawback')),
        CONSTRAINT ck_payments_amount_sign
          CHECK ((status = 'clawback' AND amount_fen < 0) OR (status <> 'clawback' AND amount_fen >= 0))
      )`);
    await q.query(`CREATE INDEX ix_payments_case_id_paid_at ON payments (case_id, paid_at)`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid,
        recipient text NOT NULL,
        channel text NOT NULL,
        template text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        idempotency_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT pk_notifications PRIMARY KEY (id),
        CONSTRAINT fk_notifications_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE SET NULL,
        CONSTRAINT uq_notifications_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT ck_notifications_status CHECK (status IN ('pending', 'sent', 'failed'))
      )`);
    await q.query(
      `CREATE INDEX ix_notifications_status_next_attempt_at ON notifications (status, next_attempt_at)`,
    );
    await q.query(`CREATE INDEX ix_notifications_case_id ON notifications (case_id)`);

    await q.query(`
      CREATE TABLE batches (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        title text NOT NULL,
        action jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'running',
        finished_at timestamptz,
        CONSTRAINT pk_batches PRIMARY KEY (id),
        CONSTRAINT ck_batches_status CHECK (status IN ('running', 'finished'))
      )`);
    await q.query(`
      CREATE TABLE batch_items (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        batch_id uuid NOT NULL,
        case_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        error text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_batch_items PRIMARY KEY (id),
        CONSTRAINT fk_batch_items_batch_id FOREIGN KEY (batch_id) REFERENCES batches (id) ON DELETE CASCADE,
        CONSTRAINT fk_batch_items_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT uq_batch_items_batch_id_case_id UNIQUE (batch_id, case_id),
        CONSTRAINT ck_batch_items_status CHECK (status IN ('pending', 'done', 'failed'))
      )`);
    await q.query(`CREATE INDEX ix_batch_items_batch_id_status ON batch_items (batch_id, status)`);
    await q.query(`CREATE INDEX ix_batch_items_case_id ON batch_items (case_id)`);

    await q.query(`
      CREATE TABLE objections (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        reason text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_objections PRIMARY KEY (id),
        CONSTRAINT fk_objections_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_objections_case_id ON objections (case_id)`);

    await q.query(`
      CREATE TABLE calendar_years (
        year int NOT NULL,
        holidays text[] NOT NULL DEFAULT '{}',
        workdays text[] NOT NULL DEFAULT '{}',
        source text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        CONSTRAINT pk_calendar_years PRIMARY KEY (year)
      )`);

    await q.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        username text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        district text,
        affiliation text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT uq_users_username UNIQUE (username)
      )`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        key text NOT NULL,
        user_id text NOT NULL,
        request_hash text NOT NULL,
        response_status int NOT NULL,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_idempotency_keys PRIMARY KEY (key, user_id)
      )`);
    await q.query(`CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'users',
      'calendar_years',
      'objections',
      'batch_items',
      'batches',
      'notifications',
      'payments',
      'history_events',
      'tasks',
      'cases',
      'process_definitions',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION rf_history_events_append_only()`);
  }
}
