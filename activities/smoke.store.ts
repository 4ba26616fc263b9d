// Smoke rows live in idempotency_keys under a system owner: a keyed table with no foreign keys, so the smoke
// workflow needs no case or definition. ON CONFLICT makes a retried write a no-op.
import type { DataSource } from 'typeorm';
import type { SmokeStore } from './smoke.activities';

export const SMOKE_OWNER = 'system:smoke';

export function createSqlSmokeStore(dataSource: DataSource): SmokeStore {
  return {
    async record(key, data) {
      const inserted = await dataSource.query<{ key: string }[]>(
        `insert into idempotency_keys (key, user_id, request_hash, response_status, response_body)
         values ($1, $2, 'smoke', 200, $3::jsonb)
         on conflict (key, user_id) do nothing
         returning key`,
        [key, SMOKE_OWNER, JSON.stringify(data)],
      );
      return { id: key, created: inserted.length > 0 };
    },
  };
}
