import { mkdtemp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPg } from '../../db/embedded-postgres';

const execFileAsync = promisify(execFile);

// Each test owns a throwaway directory; servers here are separate from the run's shared one. initdb is the slow
// part, so one initialised directory is made once and copied (ownership kept) for the tests that only restart.
let root: string;
let template: string;
const started: EmbeddedPg[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rf-embedded-pg-'));
  template = path.join(root, 'template');
  const pg = await startEmbeddedPostgres({ dataDir: template, persistent: true });
  await pg.stop();
});

async function initialisedDir(name: string): Promise<string> {
  const dir = path.join(root, name, 'data');
  await mkdir(path.dirname(dir), { recursive: true });
  await execFileAsync('cp', ['-a', template, dir]);
  return dir;
}

afterAll(async () => {
  for (const pg of started) await pg.stop().catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

async function start(dataDir: string, port?: number): Promise<EmbeddedPg> {
  const pg = await startEmbeddedPostgres({ dataDir, persistent: true, port, settings: { fsync: 'off' } });
  started.push(pg);
  return pg;
}

async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL', () => {
  it('keeps data in a persistent directory across stop and start', async () => {
    // given a server on a persistent directory with one row written
    const dataDir = await initialisedDir('restart');
    const first = await start(dataDir);
    await sql(first.url, `CREATE TABLE kept (v text)`);
    await sql(first.url, `INSERT INTO kept VALUES ('before restart')`);
    // when it is stopped and started again on the same directory
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    const second = await start(dataDir);
    // then the row is still there
    expect(await sql(second.url, `SELECT v FROM kept`)).toEqual([{ v: 'before restart' }]);
    await second.stop();
  });

  it('starts again after the postmaster was killed with SIGKILL (stale postmaster.pid)', async () => {
    // given a server with a committed row
    const dataDir = await initialisedDir('sigkill');
    const first = await start(dataDir);
    await sql(first.url, `CREATE TABLE kept (v text)`);
    await sql(first.url, `INSERT INTO kept VALUES ('committed')`);
    // when the postmaster is killed without warning
    process.kill(first.pid, 'SIGKILL');
    while (isAlive(first.pid)) await new Promise((r) => setTimeout(r, 20));
    // then a new start recovers and the committed row survives
    const second = await start(dataDir);
    expect(second.pid).not.toBe(first.pid);
    expect(await sql(second.url, `SELECT v FROM kept`)).toEqual([{ v: 'committed' }]);
    await second.stop();
  });

  it('starts when a stale postmaster.pid names a live process that is not PostgreSQL (pid reused)', async () => {
    // given a postmaster.pid naming a live process of the server's own OS user, as after a crash and pid reuse
    // (PostgreSQL itself only discounts pids it may not signal)
    const dataDir = await initialisedDir('pid-reused');
    const owner = await stat(dataDir);
    const squatter = spawn('sleep', ['60'], { uid: owner.uid, gid: owner.gid, stdio: 'ignore' });
    try {
      await writeFile(
        path.join(dataDir, 'postmaster.pid'),
        `${squatter.pid}\n${dataDir}\n0\n5432\n\n127.0.0.1\n0 0\nready\n`,
      );
      // when started, then the stale file is cleared and the server answers
      const pg = await start(dataDir);
      expect(await sql(pg.url, `SELECT 1 AS ok`)).toEqual([{ ok: 1 }]);
      await pg.stop();
      expect(squatter.exitCode).toBeNull();
    } finally {
      squatter.kill('SIGKILL');
    }
  });

  it('stops an orphaned server whose owner died and takes over its directory', async () => {
    // given a running server whose owner record names a process that no longer exists
    const dataDir = await initialisedDir('orphan');
    const orphan = await start(dataDir);
    await writeFile(
      path.join(dataDir, 'reviewflow-owner.json'),
      JSON.stringify({ ownerPid: 2 ** 22 + 1, postmasterPid: orphan.pid }),
    );
    // when the directory is started again
    const second = await start(dataDir);
    // then the orphan is gone and the new server answers
    expect(isAlive(orphan.pid)).toBe(false);
    expect(await sql(second.url, `SELECT 1 AS ok`)).toEqual([{ ok: 1 }]);
    await second.stop();
  });

  it('takes over after its owner process was killed with SIGKILL, keeping committed data', async () => {
    // given a separate node process (like `npm start`) running the server on a persistent directory
    const dataDir = await initialisedDir('owner-killed');
    const code = `require('./db/embedded-postgres').startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, persistent: true })
      .then((pg) => { console.log(JSON.stringify({ url: pg.url, pid: pg.pid })); setInterval(() => undefined, 1000); });`;
    const owner = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', code], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
      owner.stdout.once('data', (chunk: Buffer) =>
        resolve(JSON.parse(chunk.toString()) as { url: string; pid: number }),
      );
      owner.once('exit', (c) => reject(new Error(`owner exited early (${String(c)})`)));
    });
    await sql(first.url, `CREATE TABLE kept (v text)`);
    await sql(first.url, `INSERT INTO kept VALUES ('survives')`);
    // when the owner is killed without warning, leaving its server orphaned
    owner.kill('SIGKILL');
    await new Promise((r) => owner.once('exit', r));
    expect(isAlive(first.pid)).toBe(true);
    // then a new start stops the orphan, takes over the directory and keeps the data
    const second = await start(dataDir);
    expect(isAlive(first.pid)).toBe(false);
    expect(await sql(second.url, `SELECT v FROM kept`)).toEqual([{ v: 'survives' }]);
    await second.stop();
  });

  it('refuses a directory in use by a live server of another process', async () => {
    // given a running server owned by this test process
    const dataDir = await initialisedDir('in-use');
    const running = await start(dataDir);
    // whose owner record names another live process (pid 1)
    await writeFile(
      path.join(dataDir, 'reviewflow-owner.json'),
      JSON.stringify({ ownerPid: 1, postmasterPid: running.pid }),
    );
    // when a second start is attempted, then it fails with one line naming the problem
    await expect(start(dataDir)).rejects.toThrow(
      /^PostgreSQL data directory .* is in use by a running server \(pid \d+\)/,
    );
    expect(isAlive(running.pid)).toBe(true);
    await running.stop();
  });

  it('refuses to stop a server on its directory that it did not start', async () => {
    // given a running server with no owner record, as if started by hand
    const dataDir = await initialisedDir('foreign-server');
    const running = await start(dataDir);
    await rm(path.join(dataDir, 'reviewflow-owner.json'));
    // when a start is attempted, then it refuses and leaves the server alone
    await expect(start(dataDir)).rejects.toThrow(/that reviewflow did not start: stop it \(kill -INT \d+\)/);
    expect(isAlive(running.pid)).toBe(true);
    await running.stop();
  });

  it('fails with one clear line when the port is taken', async () => {
    // given a port held by another listener
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      // when the server is asked for that port, then
      const error = await start(await initialisedDir('port'), port).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        `PostgreSQL port ${port} on 127.0.0.1 is already in use: stop the program using it or choose another port.`,
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('refuses a non-empty directory that is not a PostgreSQL data directory, leaving it untouched', async () => {
    const dataDir = path.join(root, 'foreign');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'notes.txt'), 'mine');
    await expect(start(dataDir)).rejects.toThrow(/is not empty but is not a PostgreSQL data directory/);
  });

  it('fails with one clear line when the data directory cannot be created', async () => {
    // given a path below a regular file
    const file = path.join(root, 'a-file');
    await writeFile(file, '');
    const error = (await start(path.join(file, 'data')).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(
      /^PostgreSQL data directory .* is not writable \(ENOTDIR\): choose a writable DATA_DIR/,
    );
    expect(error.message).not.toContain('\n');
  });

  it('initialises a new directory, and deletes it on stop when not persistent', async () => {
    const dataDir = path.join(root, 'ephemeral', 'data');
    const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
    started.push(pg);
    expect(await sql(pg.url, `SELECT current_user AS u`)).toEqual([{ u: 'postgres' }]);
    await pg.stop();
    expect(existsSync(dataDir)).toBe(false);
  });
});
