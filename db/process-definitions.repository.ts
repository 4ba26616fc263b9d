// process_definitions: versions per key, the latest of each, a case's graph and who may send a message.
import type { DataSource, EntityManager } from 'typeorm';

/** The next version of `key` (1 for a new key); call under the deploy lock. */
export async function nextDefinitionVersion(tx: EntityManager, key: string): Promise<number> {
  const rows: { next: number }[] = await tx.query(
    'SELECT coalesce(max(version), 0) + 1 AS next FROM process_definitions WHERE key = $1',
    [key],
  );
  return rows[0]?.next ?? 1;
}

export interface LatestDefinitionRow {
  key: string;
  name: string;
  version: number;
  startable_by: string[] | null;
}

/** The latest version of every key, with its rf:startableBy. */
export async function listLatestDefinitions(db: DataSource): Promise<LatestDefinitionRow[]> {
  return db.query(
    `SELECT DISTINCT ON (key) key, name, version, graph->'startableBy' AS startable_by
       FROM process_definitions ORDER BY key, version DESC`,
  );
}

/** The definition (key, version) a case runs. */
export async function caseDefinitionRef(
  db: DataSource,
  caseId: string,
): Promise<{ key: string; version: number } | undefined> {
  const rows: { key: string; version: number }[] = await db.query(
    'SELECT process_key AS key, process_version AS version FROM cases WHERE id = $1',
    [caseId],
  );
  return rows[0];
}

/** The stored graph (typed by the caller: db/ imports nothing from the project). */
export async function definitionGraph<G>(
  db: DataSource,
  key: string,
  version: number,
): Promise<G | undefined> {
  const rows: { graph: G }[] = await db.query(
    'SELECT graph FROM process_definitions WHERE key = $1 AND version = $2',
    [key, version],
  );
  return rows[0]?.graph;
}

/** How many definitions name one of `roles` as a sender of message `name` (rf:senders). */
export async function countDefinitionsWithSender(
  db: DataSource,
  name: string,
  roles: string[],
): Promise<number> {
  const rows: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM process_definitions
      WHERE coalesce(graph->'messageSenders'->$1, '[]'::jsonb) ?| $2::text[]`,
    [name, roles],
  );
  return rows[0]?.n ?? 0;
}

/** The variables some deployed definition requires with message `name` (rf:requires), each once. */
export async function requiredMessageVariables(db: DataSource, name: string): Promise<string[]> {
  const rows: { v: string }[] = await db.query(
    `SELECT DISTINCT jsonb_array_elements_text(graph->'messageRequires'->$1) AS v FROM process_definitions
      WHERE graph->'messageRequires' ? $1 ORDER BY 1`,
    [name],
  );
  return rows.map((r) => r.v);
}

/** Each case with just its definition's messageSenders, as a partial graph `{ messageSenders }`. */
export async function caseMessageSenders<G>(
  db: DataSource,
  caseIds: string[],
): Promise<{ id: string; graph: G }[]> {
  return db.query(
    `SELECT c.id, jsonb_build_object('messageSenders', d.graph->'messageSenders') AS graph
       FROM cases c JOIN process_definitions d ON d.key = c.process_key AND d.version = c.process_version
      WHERE c.id = ANY($1::uuid[])`,
    [caseIds],
  );
}
