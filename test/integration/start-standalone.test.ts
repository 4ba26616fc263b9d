// `npm run start:api` and `npm run start:worker` as separate processes against an external PostgreSQL and Temporal.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { smokeConfirmUpdate, smokeProceedSignal, smokeStateQuery } from '../../workflows/messages';
import { smokeWorkflow } from '../../workflows/smoke.workflow';
import { type TemporalEnv, createTemporalEnv } from '../support/temporal-env';
import { type TestDatabase, createTestDatabase } from '../support/test-database';
import { testWorkflowBundlePath } from '../support/workflow-bundle-global';

const ROOT = path.resolve(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

interface Proc {
  child: ChildProcess;
  output: () => string;
}

function run(entry: string, env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return { child, output: () => out };
}

async function waitForLine(proc: Proc, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(proc.output());
    if (match) return match;
    if (proc.child.exitCode !== null)
      throw new Error(`exited with ${proc.child.exitCode}:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('did not exit in time')), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('standalone API and worker processes', () => {
  let db: TestDatabase;
  let temporal: TemporalEnv;
  const procs: Proc[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('start-standalone');
    temporal = await createTemporalEnv();
  });
  afterAll(async () => {
    for (const p of procs)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await temporal?.teardown();
    await db?.drop();
  });

  it('given external services, when the API and the worker run as separate processes, then a workflow runs end to end and both stop cleanly', async () => {
    const taskQueue = `standalone-${Date.now()}`;
    const common = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      NODE_ENV: 'test',
    };
    const port = await freePort();
    const api = run('api/main.ts', {
      ...common,
      PORT: String(port),
      JWT_SECRET: 'standalone-secret-0123456789abcdef0123',
    });
    const worker = run('worker/main.ts', { ...common, WORKFLOW_BUNDLE_PATH: testWorkflowBundlePath() });
    procs.push(api, worker);

    const [, base] = await waitForLine(api, /^API: (\S+)$/m, 60_000);
    await waitForLine(worker, /^Worker: polling task queue/m, 60_000);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);

    const handle = await temporal.client.workflow.start(smokeWorkflow, {
      taskQueue,
      workflowId: `${taskQueue}-wf`,
      args: [{ label: 'standalone' }],
    });
    const deadline = Date.now() + 20_000;
    while ((await handle.query(smokeStateQuery).catch(() => undefined))?.phase !== 'waiting-signal') {
      if (Date.now() > deadline) throw new Error('workflow never reached waiting-signal');
      await new Promise((r) => setTimeout(r, 100));
    }
    await handle.signal(smokeProceedSignal, { note: 'n' });
    while ((await handle.query(smokeStateQuery)).phase !== 'waiting-update')
      await new Promise((r) => setTimeout(r, 100));
    await handle.executeUpdate(smokeConfirmUpdate, { args: [{ by: 'ops' }] });
    expect(await handle.result()).toMatchObject({ label: 'standalone', confirmedBy: 'ops' });

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await exitOf(api.child, 30_000)).toBe(0);
    expect(await exitOf(worker.child, 30_000)).toBe(0);
  }, 120_000);

  it('given no DATABASE_URL, when the standalone API starts, then one line says to set it and the exit code is 1', async () => {
    const api = run('api/main.ts', {
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: temporal.address,
      JWT_SECRET: 'x'.repeat(32),
    });
    procs.push(api);
    expect(await exitOf(api.child, 60_000)).toBe(1);
    expect(api.output().trim()).toBe(
      'reviewflow: Invalid environment: DATABASE_URL is missing; fix: set it to postgres://user:password@host:5432/db (or use `npm start` for the embedded default).',
    );
  }, 90_000);
});
