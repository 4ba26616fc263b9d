import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Files attached to cases (metadata) and, for the PostgreSQL store, their bytes addressed by sha-256. */
export class Attachments1795950000000 implements MigrationInterface {
  name = 'Attachments1795950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachment_blobs (
        sha256 text NOT NULL,
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_attachment_blobs PRIMARY KEY (sha256)
      )`);
    await q.query(`
      CREATE TABLE attachments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid,
        field text,
        file_name text NOT NULL,
        media_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        storage text NOT NULL,
        storage_key text NOT NULL,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        bound_at timestamptz,
        CONSTRAINT pk_attachments PRIMARY KEY (id),
        CONSTRAINT fk_attachments_case_id FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE RESTRICT,
        CONSTRAINT ck_attachments_size_bytes CHECK (size_bytes >= 0),
        CONSTRAINT ck_attachments_storage CHECK (storage IN ('postgres', 'filesystem', 's3'))
      )`);
    await q.query(`CREATE INDEX ix_attachments_case_id ON attachments (case_id)`);
    await q.query(
      `CREATE INDEX ix_attachments_uploaded_by_unbound ON attachments (uploaded_by) WHERE case_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachments`);
    await q.query(`DROP TABLE attachment_blobs`);
  }
}
