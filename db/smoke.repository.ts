// Smoke rows live in idempotency_keys under a system owner: a keyed table with no foreign keys, so the smoke
// workflow needs no case or definition. ON CONFLICT makes a retried write a no-op.
import type { DataSource } from 'typeorm';

export const SMOKE_OWNER = 'system:smoke';

/** True when this call inserted the row. */
export async function insertSmokeRow(db: DataSource, key: string, data: unknown): Promise<boolean> {
  const inserted = await db.query<{ key: string }[]>(
    `insert into idempotency_keys (key, user_id, request_hash, response_status, response_body)
     values ($1, $2, 'smoke', 200, $3::jsonb)
     on conflict (key, user_id) do nothing
     returning key`,
    [key, SMOKE_OWNER, JSON.stringify(data)],
  );
  return inserted.length > 0;
}
