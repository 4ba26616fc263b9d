import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Camunda Forms deployed on their own (POST /forms), versioned per form id like process definitions. */
export class Forms1795900000000 implements MigrationInterface {
  name = 'Forms1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE forms (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        form_id text NOT NULL,
        version int NOT NULL,
        schema jsonb NOT NULL,
        content_hash text NOT NULL,
        deployed_by text NOT NULL,
        deployed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_forms PRIMARY KEY (id),
        CONSTRAINT uq_forms_form_id_version UNIQUE (form_id, version),
        CONSTRAINT uq_forms_form_id_content_hash UNIQUE (form_id, content_hash),
        CONSTRAINT ck_forms_version CHECK (version >= 1)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE forms`);
  }
}
