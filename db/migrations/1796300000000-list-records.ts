import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Published and decided lists as official records, numbered per year (〔2026〕第3号). */
export class ListRecords1796300000000 implements MigrationInterface {
  name = 'ListRecords1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE list_records (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        year int NOT NULL,
        seq int NOT NULL,
        title text NOT NULL,
        kind text NOT NULL,
        process_key text NOT NULL,
        process_version int NOT NULL,
        element_id text NOT NULL,
        stage_name text NOT NULL,
        comment text,
        publicity jsonb,
        items jsonb NOT NULL,
        batch_ids jsonb NOT NULL,
        status text NOT NULL DEFAULT 'running',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_list_records PRIMARY KEY (id),
        CONSTRAINT uq_list_records_year_seq UNIQUE (year, seq),
        CONSTRAINT ck_list_records_kind CHECK (kind IN ('publish', 'approve')),
        CONSTRAINT ck_list_records_status CHECK (status IN ('running', 'finished')),
        CONSTRAINT ck_list_records_seq CHECK (seq >= 1)
      )`);
    await q.query(`CREATE INDEX ix_list_records_created_at ON list_records (created_at)`);
    await q.query(`ALTER TABLE batch_items ADD COLUMN error_code text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE batch_items DROP COLUMN error_code`);
    await q.query(`DROP TABLE list_records`);
  }
}
