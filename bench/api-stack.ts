// Shared by the bench/api-*.bench.ts scripts: boots the real stack (embedded PostgreSQL, temporal-lite realtime, one
// worker, the Nest app on a random port) and offers a tiny HTTP client plus an autocannon wrapper. With
// `split: true` temporal-lite and the worker run in processes of their own, as in production.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { seedDemoUsers } from '../api/auth/demo-users';
import { loadConfig } from '../config/app-config';
import { connectDatabase } from '../config/connect';
import { createApp } from '../api/create-app';
import { runMigrations } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { startTemporalLite } from '../temporal-lite/src/index';
import { bundleWorkflows } from '../worker/build-workflow-bundle';
import { createWorker } from '../worker/create-worker';

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

/** Spawns `node --import tsx <script>` and resolves once its stdout shows `ready`. */
async function spawnTs(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-4096);
      if (seen.includes(ready)) {
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`${script} exited ${code} before "${ready}"`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function startStack(opts: {
  worker: boolean;
  batchConcurrency?: number;
  /** temporal-lite and the worker in processes of their own */
  split?: boolean;
}): Promise<Stack> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rf-bench-api-'));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    persistent: false,
    settings: { fsync: 'off', synchronous_commit: 'off' },
  });
  const root = path.join(__dirname, '..');
  let liteChild: ChildProcess | undefined;
  let workerChild: ChildProcess | undefined;
  let lite: { address: string; shutdown: () => Promise<void> };
  if (opts.split) {
    const port = 17233 + Math.floor(Math.random() * 1000);
    liteChild = await spawnTs(
      path.join(root, 'temporal-lite', 'src', 'cli.ts'),
      ['--port', String(port)],
      process.env,
      'listening',
    );
    lite = { address: `127.0.0.1:${port}`, shutdown: () => stopChild(liteChild) };
  } else {
    lite = await startTemporalLite({ port: 0, timeMode: 'realtime' });
  }
  await runMigrations(pg.url);
  const taskQueue = 'bench-api';
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: lite.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    ...(opts.batchConcurrency ? { BATCH_CONCURRENCY: String(opts.batchConcurrency) } : {}),
  });
  const dataSource = await connectDatabase(pg.url);
  await seedDemoUsers(dataSource);
  let stopWorker = async () => {};
  if (opts.worker && opts.split) {
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    await writeFile(bundlePath, await bundleWorkflows());
    workerChild = await spawnTs(
      path.join(root, 'worker', 'main.ts'),
      [],
      {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: pg.url,
        TEMPORAL_ADDRESS: lite.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        WORKFLOW_BUNDLE_PATH: bundlePath,
      },
      'Worker: polling',
    );
    // Drain its stdout (the log channel prints every notification) so it never blocks on a full pipe.
    workerChild.stdout?.resume();
    stopWorker = () => stopChild(workerChild);
  } else if (opts.worker) {
    const nativeConnection = await NativeConnection.connect({ address: lite.address });
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      dataSource,
      workflowBundleCode: await bundleWorkflows(),
      overrides: { shutdownGraceTime: '1s' },
    });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running;
      await nativeConnection.close();
    };
  }
  const app = await createApp({
    config,
    dataSource: await connectDatabase(pg.url),
    temporalConnection: await Connection.connect({ address: lite.address }),
  });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
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
  const close = async () => {
    try {
      await app.close();
      await stopWorker();
      await dataSource.destroy();
    } finally {
      await lite.shutdown();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    }
  };
  const cpu = (): CpuSnapshot => {
    const stats = procStats();
    const own = process.cpuUsage();
    return {
      api: (own.user + own.system) / 1e6,
      lite: treeCpu(stats, liteChild?.pid),
      worker: treeCpu(stats, workerChild?.pid),
      postgres: treeCpu(stats, pg.pid),
    };
  };
  return { base, dataSource, cpu, call, login, deploy, close };
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
