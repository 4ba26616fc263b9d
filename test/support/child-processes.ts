// Child processes for crash tests and benches: `node --import tsx <entry>` (what the npm scripts run, minus the npm
// wrapper, so signals reach the real process), with captured output and line waits.
import { watchChild } from '../../scripts/child-output';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Resolves with the first match of `pattern` in the output written since the process started. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

export function spawnTsx(
  name: string,
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  /** node flags before `--import tsx` (e.g. --cpu-prof for a bench) */
  nodeArgs: string[] = [],
): Proc {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, exited, alive } = watchChild(child, 100_000);
  return {
    name,
    child,
    pid: child.pid ?? -1,
    output,
    exited,
    alive,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output());
        if (match) return match;
        if (!alive())
          throw new Error(
            `${name} exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output()}`,
          );
        if (Date.now() > deadline)
          throw new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${output()}`);
        await sleep(50);
      }
    },
  };
}

/** Sends `signal` and waits for the exit; a process that outlives `timeoutMs` is SIGKILLed. */
export async function stopProc(
  proc: Proc,
  signal: NodeJS.Signals,
  timeoutMs = 30_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (!proc.alive()) return proc.exited;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  try {
    return await proc.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** The postmaster pid of an embedded PostgreSQL data directory, if one is recorded. */
export function postmasterPid(pgDataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s); with `reaped`, plus
 * what its exited children used (PostgreSQL backends). 0 where /proc is missing.
 */
export function cpuSeconds(pid: number, reaped = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // From the state field: [11] utime, [12] stime, [13] cutime, [14] cstime (fields 14-17 of proc(5)).
    const own = Number(fields[11]) + Number(fields[12]);
    return (own + (reaped ? Number(fields[13]) + Number(fields[14]) : 0)) / 100;
  } catch {
    return 0;
  }
}

/** Pids whose parent is `pid`, from /proc. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
