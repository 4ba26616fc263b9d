// One PostgreSQL per jest run: DATABASE_URL if set, else an embedded server in a temp dir. Test files reach it
// through RF_TEST_PG_URL (an admin URL) and create their own databases on it (test-database.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';

export async function startTestPostgres(): Promise<{ stop: () => Promise<void> }> {
  const external = process.env.DATABASE_URL;
  if (external) {
    process.env.RF_TEST_PG_URL = external;
    return { stop: async () => undefined };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'rf-test-pg-'));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: 0,
    persistent: false,
    // Throwaway data: durability off for speed; room for many per-file pools.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: 300 },
  });
  process.env.RF_TEST_PG_URL = pg.url;
  return {
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
