// One integration-test stack: its own database, a Temporal connection and a worker on the file's own task queue.
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/create-activities';
import { createCaseActivities } from '../../activities/case/case.activities';
import type { ServiceTaskHandler } from '../../activities/case/service-tasks';
import { createWorker } from '../../worker/create-worker';
import { type TemporalEnv, type TemporalEnvOptions, createTemporalEnv } from './temporal-env';
import { type TestDatabase, createTestDatabase } from './test-database';
import { testWorkflowBundlePath } from './workflow-bundle-global';

export interface WorkerStackOptions extends TemporalEnvOptions {
  /** Extra or replacement service-task handlers for the case activities. */
  serviceTasks?: Record<string, ServiceTaskHandler>;
}

export interface WorkerStack {
  db: TestDatabase;
  env: TemporalEnv;
  worker: Worker;
  taskQueue: string;
  /** Shuts the worker down, then closes Temporal and drops the database. */
  stop(): Promise<void>;
}

/** Starts the stack; `label` names the database, `taskQueue` must be unique to the calling test file. */
export async function startWorkerStack(
  label: string,
  taskQueue: string,
  options: WorkerStackOptions = {},
): Promise<WorkerStack> {
  const db = await createTestDatabase(label);
  const env = await createTemporalEnv({ timeSkipping: options.timeSkipping }).catch(async (e: unknown) => {
    await db.drop();
    throw e;
  });
  const activities = options.serviceTasks
    ? {
        ...createActivities({ dataSource: db.dataSource }),
        ...createCaseActivities({ dataSource: db.dataSource, serviceTasks: options.serviceTasks }),
      }
    : undefined;
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    dataSource: db.dataSource,
    workflowBundlePath: testWorkflowBundlePath(),
    overrides: { shutdownGraceTime: '1s', ...(activities ? { activities } : {}) },
  });
  const running = worker.run();
  return {
    db,
    env,
    worker,
    taskQueue,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await env.teardown();
      await db.drop();
    },
  };
}
