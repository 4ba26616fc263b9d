// The one way tests and benches boot reviewflow: a database, Temporal, optionally a worker on the stack's task queue
// and optionally the Nest app. Tests take the jest run's shared servers (global-setup.ts, TEST_TEMPORAL); benches,
// which run without jest, give the stack a PostgreSQL and a realtime temporal-lite of its own, and with
// `process: true` run temporal-lite and the worker in processes of their own, as in production.
// app-harness.ts, worker-stack.ts and bench/api-stack.ts are thin views of this module.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/create-activities';
import { createCaseActivities } from '../../activities/case/case.activities';
import type { ServiceTaskHandler } from '../../activities/case/service-tasks';
import { seedDemoUsers } from '../../api/auth/demo-users';
import type { AppModuleOptions } from '../../api/app.module';
import { createApp } from '../../api/create-app';
import type { DevClock } from '../../api/temporal/temporal.tokens';
import { type AppConfig, loadConfig } from '../../config/app-config';
import { connectDatabase } from '../../config/connect';
import { type TemporalLite, startTemporalLite } from '../../temporal-lite/src/index';
import { bundleWorkflows } from '../../worker/build-workflow-bundle';
import { createWorker } from '../../worker/create-worker';
import { type Proc, freePort, spawnTsx, stopProc } from './child-processes';
import { startThrowawayPostgres } from './postgres-global';
import {
  type TemporalEnv,
  type TemporalEnvOptions,
  connectTemporalEnv,
  createTemporalEnv,
} from './temporal-env';
import { type TestDatabase, createTestDatabase } from './test-database';
import { WORKFLOW_BUNDLE_ENV } from './workflow-bundle-global';

/** temporal-lite of the stack's own, time mode realtime: in this process, or in a child process of its own. */
export interface OwnLite {
  ownLite: 'in-process' | 'process';
}

export interface StackOptions {
  /** Names the database. */
  label: string;
  /** The app's TEMPORAL_TASK_QUEUE and the worker's queue; required with a worker, unique to the calling file. */
  taskQueue?: string;
  /** 'run' (default): a fresh database on the jest run's server; 'own': an embedded PostgreSQL of its own. */
  postgres?: 'run' | 'own';
  /**
   * Default: the run's Temporal (createTemporalEnv: TEST_TEMPORAL, TEMPORAL_ADDRESS), with these options; or an
   * env of the caller's (closed with the stack); or a temporal-lite of the stack's own.
   */
  temporal?: TemporalEnvOptions | TemporalEnv | OwnLite;
  worker?: {
    /** Extra or replacement service-task handlers for the case activities (in-process worker only). */
    serviceTasks?: Record<string, ServiceTaskHandler>;
    /** `worker/main.ts` in a child process instead of a Worker in this one. */
    process?: boolean;
    /** MAX_OPEN_TASKS_PER_CASE of the in-process worker (a child reads it from its environment) */
    maxOpenTasksPerCase?: number;
  };
  app?: {
    /** Config overrides (loadConfig input), applied last. */
    env?: NodeJS.ProcessEnv;
    devClock?: DevClock;
    imports?: AppModuleOptions['imports'];
    /** default true */
    seedDemoUsers?: boolean;
    /** Listens on a free port of 127.0.0.1 (Stack.url); without it, supertest drives the app's server. */
    listen?: boolean;
  };
  /** node flags for the child processes (bench profiling) */
  childNodeArgs?: string[];
}

export interface Stack {
  db: TestDatabase;
  temporal: TemporalEnv;
  /** The stack's own in-process temporal-lite (`ownLite: 'in-process'`), e.g. to move its clock. */
  lite: TemporalLite | undefined;
  taskQueue: string | undefined;
  /** The in-process worker, if any. */
  worker: Worker | undefined;
  app: INestApplication | undefined;
  config: AppConfig | undefined;
  /** `http://127.0.0.1:<port>` when the app listens. */
  url: string | undefined;
  /** Processes a bench may measure: the own PostgreSQL's postmaster, the child temporal-lite and worker. */
  pids: { postgres?: number; lite?: number; worker?: number };
  /** Closes the app, stops the worker, closes Temporal, drops the database (and stops what the stack started). */
  stop(): Promise<void>;
}

const isEnv = (t: StackOptions['temporal']): t is TemporalEnv => !!t && 'client' in t;
const isOwnLite = (t: StackOptions['temporal']): t is OwnLite => !!t && 'ownLite' in t;

export async function startStack(options: StackOptions): Promise<Stack> {
  // Undone in reverse order by stop(), or at once when a later part fails to start.
  const undo: (() => Promise<void>)[] = [];
  // every step runs even if an earlier one fails (a leaked server outlives the test run); the first error is thrown
  const stopAll = async () => {
    let failure: unknown;
    for (const step of undo.splice(0).reverse()) await step().catch((e: unknown) => (failure ??= e));
    if (failure !== undefined) throw failure;
  };
  const pids: Stack['pids'] = {};
  const childNodeArgs = options.childNodeArgs ?? [];
  try {
    let serverUrl: string | undefined;
    if (options.postgres === 'own') {
      const pg = await startThrowawayPostgres();
      undo.push(pg.stop);
      pids.postgres = pg.pid;
      serverUrl = pg.url;
    }
    const db = await createTestDatabase(options.label, { serverUrl });
    undo.push(db.drop);

    const { temporal, lite } = await startTemporal(options.temporal, childNodeArgs, pids);
    undo.push(temporal.teardown);

    const { taskQueue } = options;
    let worker: Worker | undefined;
    if (options.worker) {
      if (!taskQueue) throw new Error('startStack: a worker needs a taskQueue');
      const bundle = await workflowBundle(undo);
      if (options.worker.process) {
        const proc = await startWorkerProcess(db.url, temporal.address, taskQueue, childNodeArgs, bundle);
        undo.push(async () => void (await stopProc(proc, 'SIGTERM')));
        pids.worker = proc.pid;
      } else {
        worker = await startWorker(db, temporal, taskQueue, options.worker, bundle);
        const running = worker.run();
        const w = worker;
        undo.push(async () => {
          if (w.getState() === 'RUNNING') w.shutdown();
          await running;
        });
      }
    }

    let app: INestApplication | undefined;
    let config: AppConfig | undefined;
    let url: string | undefined;
    if (options.app) {
      config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        JWT_SECRET: 'test-secret-0123456789abcdef0123456789',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: temporal.address,
        ...(taskQueue ? { TEMPORAL_TASK_QUEUE: taskQueue } : {}),
        ...options.app.env,
      });
      if (options.app.seedDemoUsers ?? true) await seedDemoUsers(db.dataSource);
      const started = await createApp({
        config,
        dataSource: await connectDatabase(db.url),
        temporalConnection: await Connection.connect({ address: temporal.address }),
        devClock: options.app.devClock,
        imports: options.app.imports,
      });
      app = started;
      undo.push(() => started.close());
      if (options.app.listen) {
        await started.listen(0, '127.0.0.1');
        url = `http://127.0.0.1:${(started.getHttpServer().address() as AddressInfo).port}`;
      }
    }
    return { db, temporal, lite, taskQueue, worker, app, config, url, pids, stop: stopAll };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}

async function startTemporal(
  choice: StackOptions['temporal'],
  childNodeArgs: string[],
  pids: Stack['pids'],
): Promise<{ temporal: TemporalEnv; lite?: TemporalLite }> {
  if (isEnv(choice)) return { temporal: choice };
  if (!isOwnLite(choice)) return { temporal: await createTemporalEnv(choice) };
  if (choice.ownLite === 'in-process') {
    const lite = await startTemporalLite({ port: 0, timeMode: 'realtime' });
    try {
      return { temporal: await connectTemporalEnv(lite.address, false, () => lite.shutdown()), lite };
    } catch (e) {
      await lite.shutdown();
      throw e;
    }
  }
  const port = await freePort();
  const proc = spawnTsx(
    'temporal-lite',
    'temporal-lite/src/cli.ts',
    ['--port', String(port)],
    {},
    childNodeArgs,
  );
  const stop = async () => void (await stopProc(proc, 'SIGTERM'));
  try {
    await proc.waitFor(/listening/, 60_000);
    pids.lite = proc.pid;
    return { temporal: await connectTemporalEnv(`127.0.0.1:${port}`, false, stop) };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The run's workflow bundle (global-setup.ts) when there is one, else one built now (removed by `undo`). */
async function workflowBundle(undo: (() => Promise<void>)[]): Promise<string> {
  const built = process.env[WORKFLOW_BUNDLE_ENV];
  if (built) return built;
  const dir = await mkdtemp(path.join(tmpdir(), 'rf-workflow-bundle-'));
  undo.push(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'workflow-bundle.js');
  await writeFile(file, await bundleWorkflows());
  return file;
}

async function startWorker(
  db: TestDatabase,
  temporal: TemporalEnv,
  taskQueue: string,
  { serviceTasks, maxOpenTasksPerCase }: NonNullable<StackOptions['worker']>,
  workflowBundlePath: string,
): Promise<Worker> {
  const activities = serviceTasks
    ? {
        ...createActivities({ dataSource: db.dataSource, maxOpenTasksPerCase }),
        ...createCaseActivities({ dataSource: db.dataSource, serviceTasks, maxOpenTasksPerCase }),
      }
    : undefined;
  return createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue,
    dataSource: db.dataSource,
    maxOpenTasksPerCase,
    workflowBundlePath,
    overrides: { shutdownGraceTime: '1s', ...(activities ? { activities } : {}) },
  });
}

async function startWorkerProcess(
  databaseUrl: string,
  temporalAddress: string,
  taskQueue: string,
  childNodeArgs: string[],
  workflowBundlePath: string,
): Promise<Proc> {
  const proc = spawnTsx(
    'worker',
    'worker/main.ts',
    [],
    {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: workflowBundlePath,
    },
    childNodeArgs,
  );
  try {
    await proc.waitFor(/Worker: polling/, 120_000);
    return proc;
  } catch (e) {
    await stopProc(proc, 'SIGTERM');
    throw e;
  }
}
