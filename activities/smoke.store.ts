// The smoke workflow's store: rows in idempotency_keys (db/smoke.repository.ts), idempotent by key.
import type { DataSource } from 'typeorm';
import { insertSmokeRow } from '../db/smoke.repository';
import type { SmokeStore } from './smoke.activities';

export { SMOKE_OWNER } from '../db/smoke.repository';

export function createSqlSmokeStore(dataSource: DataSource): SmokeStore {
  return {
    async record(key, data) {
      return { id: key, created: await insertSmokeRow(dataSource, key, data) };
    },
  };
}
