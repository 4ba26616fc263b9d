// Through the HTTP API: create cases and complete their review task, end to end on embedded PostgreSQL, temporal-lite
// and one worker. `npx tsx bench/api-cases.bench.ts [cases=100] [concurrency=10]`
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { seedDemoUsers } from '../api/auth/demo-users';
import { loadConfig } from '../api/config/app-config';
import { connectDatabase } from '../api/config/connect';
import { createApp } from '../api/create-app';
import { runMigrations } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { startTemporalLite } from '../temporal-lite/src/index';
import { bundleWorkflows } from '../worker/build-workflow-bundle';
import { createWorker } from '../worker/create-worker';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100);
  const concurrency = Number(process.argv[3] ?? 10);
  const dir = await mkdtemp(path.join(tmpdir(), 'rf-bench-api-'));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    persistent: false,
    settings: { fsync: 'off', synchronous_commit: 'off' },
  });
  const lite = await startTemporalLite({ port: 0, timeMode: 'realtime' });
  try {
    await runMigrations(pg.url);
    const taskQueue = 'bench-api';
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: lite.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
    });
    const dataSource = await connectDatabase(pg.url);
    await seedDemoUsers(dataSource);
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
    const app = await createApp({
      config,
      dataSource: await connectDatabase(pg.url),
      temporalConnection: await Connection.connect({ address: lite.address }),
    });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    const call = async (
      method: string,
      url: string,
      auth: string | null,
      body?: unknown,
      type = 'application/json',
    ) => {
      const res = await fetch(base + url, {
        method,
        headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const login = async (username: string) =>
      (await call('POST', '/auth/login', null, { username, password: 'demo' })).body.accessToken as string;
    const admin = await login('admin');
    const reviewer = await login('city-reviewer1');
    const xml = await readFile(
      path.join(__dirname, '..', 'test', 'fixtures', 'bpmn', 'user-task.bpmn'),
      'utf8',
    );
    await call('POST', '/process-definitions', admin, xml, 'application/xml');

    const createMs: number[] = [];
    const completeMs: number[] = [];
    let next = 0;
    const started = Date.now();
    const lane = async () => {
      while (next < total) {
        const i = next++;
        let t0 = Date.now();
        const created = await call('POST', '/cases', admin, {
          processKey: 'user-task',
          businessKey: `bench-${i}`,
          variables: { district: 'lixia' },
        });
        createMs.push(Date.now() - t0);
        if (created.status !== 201) throw new Error(`create ${created.status}`);
        let taskId: string | undefined;
        while (!taskId) {
          const inbox = await call('GET', `/tasks?caseId=${String(created.body.id)}`, reviewer);
          taskId = (inbox.body.items as { id: string }[])[0]?.id;
          if (!taskId) await new Promise((r) => setTimeout(r, 20));
        }
        t0 = Date.now();
        const done = await call('POST', `/tasks/${taskId}/complete`, reviewer, {
          variables: { decision: 'pass' },
        });
        completeMs.push(Date.now() - t0);
        if (done.status !== 200) throw new Error(`complete ${done.status} ${JSON.stringify(done.body)}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    const seconds = (Date.now() - started) / 1000;
    console.log(
      JSON.stringify({
        cases: total,
        concurrency,
        seconds: Number(seconds.toFixed(2)),
        casesPerSecond: Number((total / seconds).toFixed(1)),
        createP50ms: pct(createMs, 0.5),
        createP95ms: pct(createMs, 0.95),
        completeP50ms: pct(completeMs, 0.5),
        completeP95ms: pct(completeMs, 0.95),
      }),
    );
    await app.close();
    worker.shutdown();
    await running;
    await nativeConnection.close();
    await dataSource.destroy();
  } finally {
    await lite.shutdown();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
