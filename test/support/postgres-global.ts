// One PostgreSQL per jest run: DATABASE_URL if set, else an embedded server in a temp dir. Test files reach it
// through RF_TEST_PG_URL (an admin URL) and create their own databases on it (test-database.ts).
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';

const PREFIX = 'rf-test-pg-';

export async function startTestPostgres(): Promise<{ stop: () => Promise<void> }> {
  const external = process.env.DATABASE_URL;
  if (external) {
    process.env.RF_TEST_PG_URL = external;
    return { stop: async () => undefined };
  }
  await reapAbandonedServers();
  const pg = await startThrowawayPostgres();
  process.env.RF_TEST_PG_URL = pg.url;
  return pg;
}

/** An embedded server in a temp dir, deleted on stop(): the jest run's, or a bench stack's own (stack-starter.ts). */
export async function startThrowawayPostgres(): Promise<{
  url: string;
  pid: number;
  stop: () => Promise<void>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), PREFIX));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: 0,
    persistent: false,
    // Throwaway data: durability off for speed; room for many per-file pools.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: 300 },
  });
  return {
    url: pg.url,
    pid: pg.pid,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// A jest run killed before its teardown leaves a server and its temp dir behind: end them on the next run.
async function reapAbandonedServers(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries.filter((e) => e.startsWith(PREFIX))) {
    const dir = path.join(tmpdir(), entry);
    let owner: { ownerPid?: number; postmasterPid?: number } | undefined;
    try {
      owner = JSON.parse(
        readFileSync(path.join(dir, 'data', 'reviewflow-owner.json'), 'utf8'),
      ) as typeof owner;
    } catch {
      continue; // starting up, or not ours to judge
    }
    if (!owner?.ownerPid || alive(owner.ownerPid)) continue;
    if (owner.postmasterPid && alive(owner.postmasterPid) && comm(owner.postmasterPid) === 'postgres') {
      process.kill(owner.postmasterPid, 'SIGKILL');
    }
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function comm(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
