// Temporal's own server binaries, found on this machine and run as child processes: the `temporal` CLI's
// `server start-dev` (the real server on SQLite) and the Java SDK's time-skipping test server. Used by `npm start`
// (TEMPORAL_EMBEDDED) and the test helper (TEST_TEMPORAL). Nothing here downloads anything: a missing binary is
// reported, and `.ci/run` / the README say how to install both with pip.
import { watchChild } from './child-output';
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';

/** An executable named `name` in `PATH`, or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The `temporal` CLI: TEMPORAL_CLI_PATH, else `temporal` on PATH. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.TEMPORAL_CLI_PATH || onPath('temporal');
}

/** The time-skipping test server: TEMPORAL_TEST_SERVER_PATH, else `temporal-test-server` on PATH. */
export function findTestServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.TEMPORAL_TEST_SERVER_PATH || onPath('temporal-test-server');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export interface ServerProcess {
  kind: 'dev-server' | 'time-skipping';
  address: string;
  pid: number;
  /** What the process wrote (the last 64 KiB). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (the dev server shuts down cleanly and closes its database), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

function track(kind: ServerProcess['kind'], child: ChildProcess, address: string): ServerProcess {
  const { output, exited, alive } = watchChild(child, 64_000);
  return {
    kind,
    address,
    pid: child.pid ?? -1,
    output,
    exited,
    async stop(timeoutMs = 15_000) {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Waits until the frontend answers for `namespace` (the dev server registers it shortly after listening). */
async function waitReady(
  proc: ServerProcess,
  namespace: string | undefined,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  let last = '';
  for (;;) {
    if (exited) throw new Error(`${proc.kind} exited before it was ready:\n${proc.output().slice(-4000)}`);
    if (Date.now() > deadline)
      throw new Error(
        `${proc.kind} at ${proc.address} not ready within ${timeoutMs} ms (${last}):\n${proc.output().slice(-4000)}`,
      );
    let conn: Connection | undefined;
    try {
      conn = await Connection.connect({ address: proc.address, connectTimeout: 1000 });
      await conn.workflowService.getSystemInfo({});
      if (namespace) await conn.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      last = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    } finally {
      await conn?.close().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface DevServerOptions {
  cli: string;
  port?: number;
  namespace?: string;
  /** SQLite file: state survives a restart. Default: in memory. */
  dbFilename?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  timeoutMs?: number;
  /** Own process group: a terminal's Ctrl-C reaches only the parent, which stops the server in its turn. */
  detached?: boolean;
  /** Custom search attributes to register, name → Keyword, Int, Datetime, KeywordList, … (none are by default). */
  searchAttributes?: Record<string, string>;
}

/** `temporal server start-dev --headless` on 127.0.0.1, ready for `namespace` when this resolves. */
export async function startDevServer(o: DevServerOptions): Promise<ServerProcess> {
  const port = o.port ?? (await freePort());
  const namespace = o.namespace ?? 'default';
  const args = ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--log-level', o.logLevel ?? 'warn');
  if (namespace !== 'default') args.push('--namespace', namespace);
  if (o.dbFilename) args.push('--db-filename', o.dbFilename);
  for (const [name, type] of Object.entries(o.searchAttributes ?? {}))
    args.push('--search-attribute', `${name}=${type}`);
  const child = spawn(o.cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: o.detached ?? false });
  child.once('error', () => undefined); // reported through exited/waitReady
  const proc = track('dev-server', child, `127.0.0.1:${port}`);
  try {
    await waitReady(proc, namespace, o.timeoutMs ?? 60_000);
  } catch (err) {
    await proc.stop(2000);
    throw err;
  }
  return proc;
}

/**
 * The time-skipping test server, started with time skipping locked (its default without
 * `--enable-time-skipping`): server time flows at wall speed and jumps only while a client unlocks it
 * (TestService UnlockTimeSkippingWithSleep), as temporal-lite's `skip` mode.
 */
export async function startTimeSkippingServer(o: {
  path: string;
  port?: number;
  timeoutMs?: number;
  /**
   * Server time at start. The TestService can only move time forward, so an instant in the past needs libfaketime
   * (Debian's `libfaketime`, or FAKETIME_LIB): the server process is started with its clock set back.
   */
  startAt?: Date;
}): Promise<ServerProcess> {
  const port = o.port ?? (await freePort());
  const env = { ...process.env };
  if (o.startAt && o.startAt.getTime() < Date.now()) {
    const lib = findFaketime();
    if (!lib)
      throw new Error(
        `the time-skipping server cannot start in the past (${o.startAt.toISOString()}) without libfaketime: apt-get install libfaketime, or set FAKETIME_LIB`,
      );
    const at = o.startAt.toISOString().slice(0, 19).replace('T', ' ');
    Object.assign(env, { LD_PRELOAD: lib, FAKETIME: `@${at}`, FAKETIME_DONT_RESET: '1', TZ: 'UTC' });
  }
  const child = spawn(o.path, [String(port)], { stdio: ['ignore', 'pipe', 'pipe'], env });
  child.once('error', () => undefined);
  const proc = track('time-skipping', child, `127.0.0.1:${port}`);
  try {
    await waitReady(proc, undefined, o.timeoutMs ?? 60_000);
  } catch (err) {
    await proc.stop(2000);
    throw err;
  }
  return proc;
}

/**
 * Stops a dev server a SIGKILLed parent left running on `dbFilename` (its pid recorded in `pidFile`), so two servers
 * never share one database; the caller records the new one.
 */
export async function replaceLeftoverServer(pidFile: string, dbFilename: string): Promise<void> {
  let pid = 0;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // gone, or no /proc
  }
  if (!(pid > 0) || !alive() || !cmdline.includes('start-dev') || !cmdline.includes(dbFilename)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}

/** libfaketime's multi-threaded preload library: FAKETIME_LIB, else where Debian installs it. */
export function findFaketime(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.FAKETIME_LIB,
    '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
    '/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1',
    '/usr/lib/faketime/libfaketimeMT.so.1',
  ];
  for (const file of candidates) {
    if (!file) continue;
    try {
      accessSync(file, constants.R_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}
