import type { MigrationInterface, QueryRunner } from 'typeorm';

/** DMN decisions deployed on their own (POST /decisions), versioned per decision id like forms and processes. */
export class Decisions1796900000000 implements MigrationInterface {
  name = 'Decisions1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decisions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        decision_id text NOT NULL,
        version int NOT NULL,
        name text,
        definitions_id text NOT NULL,
        xml text NOT NULL,
        decisions jsonb NOT NULL,
        content_hash text NOT NULL,
        deployed_by text NOT NULL,
        deployed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_decisions PRIMARY KEY (id),
        CONSTRAINT uq_decisions_decision_id_version UNIQUE (decision_id, version),
        CONSTRAINT ck_decisions_version CHECK (version >= 1)
      )`);
    // not unique: content equal to an older version is deployed again as the newest (as Zeebe does)
    await q.query(
      `CREATE INDEX ix_decisions_decision_id_content_hash ON decisions (decision_id, content_hash)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE decisions`);
  }
}
