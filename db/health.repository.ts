// Cheap reads for the health and metrics endpoints.
import type { DataSource } from 'typeorm';

/** Resolves when PostgreSQL answers. */
export async function pingDatabase(db: DataSource): Promise<void> {
  await db.query('select 1');
}
