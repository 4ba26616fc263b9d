// Shared by the bench/api-*.bench.ts scripts: the stack the tests boot (test/support/stack-starter.ts: embedded
// PostgreSQL, temporal-lite realtime, one worker, the Nest app on a free port), seen through a tiny HTTP client, with
// CPU accounting, autocannon wrappers and the machine line for bench/RESULTS.md. With `split: true` temporal-lite
// and the worker run in processes of their own, as in production.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { startStack as startTestStack } from '../test/support/stack-starter';

// autocannon ships no types; only the fields these benches read are declared.
export interface CannonResult {
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest, context: Record<string, unknown>) => CannonRequest | null;
}
export interface CannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: CannonRequest[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannonFn = require('autocannon') as (opts: CannonOptions) => Promise<CannonResult>;
export const autocannon = (opts: CannonOptions): Promise<CannonResult> => autocannonFn(opts);

/**
 * autocannon as a process of its own (GET with headers), so the load generator shares neither the API's event loop
 * nor its CPU account.
 */
export async function autocannonProcess(opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}): Promise<CannonResult> {
  const cli = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js');
  const args = [cli, '-j', '-c', String(opts.connections), '-d', String(opts.duration)];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(opts.url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`autocannon exited ${code}`);
  return JSON.parse(out) as CannonResult;
}

export interface Api {
  status: number;
  body: Record<string, unknown>;
}

export interface Stack {
  base: string;
  /** CPU seconds so far: this process, the spawned ones (lite, worker) and PostgreSQL's, children included */
  cpu: () => CpuSnapshot;
  dataSource: DataSource;
  call: (method: string, url: string, auth: string | null, body?: unknown, type?: string) => Promise<Api>;
  login: (username: string) => Promise<string>;
  deploy: (fixture: string) => Promise<void>;
  close: () => Promise<void>;
}

export interface CpuSnapshot {
  api: number;
  lite: number;
  worker: number;
  postgres: number;
}

const CLK_TCK = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, seconds */
  cpu: number;
}

function procStats(): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      out.set(Number(name), { pid: Number(name), ppid: Number(fields[1]), cpu: ticks / CLK_TCK });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU of a process and every live descendant (reaped children count through cutime/cstime). */
function treeCpu(stats: Map<number, ProcStat>, root: number | undefined): number {
  if (root === undefined) return 0;
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += stats.get(pid)?.cpu ?? 0;
    for (const s of stats.values()) if (s.ppid === pid) stack.push(s.pid);
  }
  return total;
}

/**
 * The stack of test/support/stack-starter.ts with a PostgreSQL and a realtime temporal-lite of its own, the app
 * listening on a free port, plus a fetch client. BENCH_CHILD_NODE_ARGS: node flags for the split processes.
 */
export async function startStack(opts: {
  worker: boolean;
  batchConcurrency?: number;
  /** temporal-lite and the worker in processes of their own */
  split?: boolean;
}): Promise<Stack> {
  const stack = await startTestStack({
    label: 'bench-api',
    taskQueue: 'bench-api',
    postgres: 'own',
    temporal: { ownLite: opts.split ? 'process' : 'in-process' },
    worker: opts.worker ? { process: opts.split } : undefined,
    app: {
      listen: true,
      env: opts.batchConcurrency ? { BATCH_CONCURRENCY: String(opts.batchConcurrency) } : {},
    },
    childNodeArgs: (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean),
  });
  const base = `${stack.url as string}/api/v1`;
  const call: Stack['call'] = async (method, url, auth, body, type = 'application/json') => {
    const res = await fetch(base + url, {
      method,
      headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const login = async (username: string) =>
    (await call('POST', '/auth/login', null, { username, password: 'demo' })).body.accessToken as string;
  const deploy = async (fixture: string) => {
    const xml = await readFile(path.join(__dirname, '..', 'test', 'fixtures', 'bpmn', fixture), 'utf8');
    const res = await call('POST', '/process-definitions', await login('admin'), xml, 'application/xml');
    if (res.status >= 300) throw new Error(`deploy ${res.status} ${JSON.stringify(res.body)}`);
  };
  const cpu = (): CpuSnapshot => {
    const stats = procStats();
    const own = process.cpuUsage();
    return {
      api: (own.user + own.system) / 1e6,
      lite: treeCpu(stats, stack.pids.lite),
      worker: treeCpu(stats, stack.pids.worker),
      postgres: treeCpu(stats, stack.pids.postgres),
    };
  };
  return { base, dataSource: stack.db.dataSource, cpu, call, login, deploy, close: stack.stop };
}

/** Starts `total` user-task cases over HTTP, `concurrency` at a time, and waits until each shows its open task. */
export async function startUserTaskCases(
  stack: Stack,
  total: number,
  concurrency: number,
  district: string,
): Promise<{ caseIds: string[]; taskIds: string[]; seconds: number }> {
  const admin = await stack.login('admin');
  const caseIds: string[] = [];
  const started = Date.now();
  let next = 0;
  const lane = async () => {
    while (next < total) {
      const i = next++;
      const res = await stack.call('POST', '/cases', admin, {
        processKey: 'user-task',
        businessKey: `bench-${district}-${i}`,
        variables: { district },
      });
      if (res.status !== 201) throw new Error(`create ${res.status} ${JSON.stringify(res.body)}`);
      caseIds.push(res.body.id as string);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  for (;;) {
    const rows: { id: string }[] = await stack.dataSource.query(
      `SELECT id FROM tasks WHERE case_id = ANY($1::uuid[]) AND state = 'open'`,
      [caseIds],
    );
    if (rows.length === total)
      return { caseIds, taskIds: rows.map((r) => r.id), seconds: (Date.now() - started) / 1000 };
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = Math.round(os.totalmem() / 2 ** 30);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${os.cpus().length} vCPU ${cpu}, ${gib} GiB, Node ${process.versions.node}, load avg ${load}`;
}

export const today = () => new Date().toISOString().slice(0, 10);
