// The benches' way through the one stack starter (bench/api-stack.ts --split): a PostgreSQL and a temporal-lite of
// the stack's own, the worker as a child process, the app on a port; a case reaches its user task, and stop() leaves
// no process behind. The tests' way (the run's servers) is exercised by every harness user.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pidAlive } from '../support/child-processes';
import { eventually } from '../support/eventually';
import { type Stack, startStack } from '../support/stack-starter';

describe('stack starter, as the benches boot it', () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.stop();
  });

  it('given its own PostgreSQL, a temporal-lite and a worker in child processes, when a case starts over HTTP, then its task opens; stop() ends every process', async () => {
    stack = await startStack({
      label: 'stack-starter',
      taskQueue: `stack-starter-${process.pid}-${Date.now()}`,
      postgres: 'own',
      temporal: { ownLite: 'process' },
      worker: { process: true },
      app: { listen: true },
    });
    const { pids, url } = stack;
    expect([pids.postgres, pids.lite, pids.worker].every((p) => p !== undefined && pidAlive(p))).toBe(true);

    const call = async (method: string, route: string, auth: string | null, body: string, type: string) => {
      const res = await fetch(`${url as string}/api/v1${route}`, {
        method,
        headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const login = await call(
      'POST',
      '/auth/login',
      null,
      '{"username":"admin","password":"demo"}',
      'application/json',
    );
    const admin = login.body.accessToken as string;
    const xml = readFileSync(path.join(__dirname, '..', 'fixtures', 'bpmn', 'user-task.bpmn'), 'utf8');
    expect((await call('POST', '/process-definitions', admin, xml, 'application/xml')).status).toBe(201);
    const created = await call(
      'POST',
      '/cases',
      admin,
      JSON.stringify({ processKey: 'user-task', businessKey: 'stack-1', variables: { district: 'lixia' } }),
      'application/json',
    );
    expect(created.status).toBe(201);
    const db = stack.db.dataSource;
    await eventually(
      async () =>
        (await db.query(`SELECT state FROM tasks WHERE case_id = $1`, [created.body.id])) as {
          state: string;
        }[],
      (rows) => rows.length === 1 && rows[0]?.state === 'open',
      30_000,
    );

    await stack.stop();
    stack = undefined;
    expect([pids.postgres, pids.lite, pids.worker].filter((p) => p !== undefined && pidAlive(p))).toEqual([]);
  });
});
