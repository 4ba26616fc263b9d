// One integration-test stack without the app (stack-starter.ts): its own database, a Temporal connection and a
// worker on the file's own task queue.
import type { Worker } from '@temporalio/worker';
import type { ServiceTaskHandler } from '../../activities/case/service-tasks';
import { startStack } from './stack-starter';
import type { TemporalEnv, TemporalEnvOptions } from './temporal-env';
import type { TestDatabase } from './test-database';

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
  const stack = await startStack({
    label,
    taskQueue,
    temporal: { timeSkipping: options.timeSkipping },
    worker: { serviceTasks: options.serviceTasks },
  });
  return { db: stack.db, env: stack.temporal, worker: stack.worker as Worker, taskQueue, stop: stack.stop };
}
