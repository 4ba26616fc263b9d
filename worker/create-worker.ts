// Builds the Temporal worker: prebuilt workflow bundle in production, bundled on the fly otherwise.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../activities/create-activities';
import { StartupError } from '../config/startup-error';

// Run from source (tsx) or compiled (dist/worker/): both resolve to the project root.
const parent = path.resolve(__dirname, '..');
const ROOT = path.basename(parent) === 'dist' ? path.dirname(parent) : parent;
export const PREBUILT_BUNDLE_PATH = path.join(ROOT, 'dist', 'workflow-bundle.js');
export const WORKFLOWS_PATH = path.join(ROOT, 'workflows', 'index.ts');

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  /** MAX_OPEN_TASKS_PER_CASE for the cases the worker's activities start */
  maxOpenTasksPerCase?: number;
  /** A prebuilt bundle; when absent, production uses dist/workflow-bundle.js and other modes bundle on the fly. */
  workflowBundlePath?: string;
  /** Bundle code built ahead (the embedded starter bundles while PostgreSQL boots). */
  workflowBundleCode?: string;
  production?: boolean;
  /** Extra worker options (tests: shorter shutdown grace, identity). */
  overrides?: Partial<WorkerOptions>;
}

export function resolveWorkflowSource(
  options: Pick<CreateWorkerOptions, 'workflowBundlePath' | 'workflowBundleCode' | 'production'>,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (options.workflowBundleCode !== undefined)
    return { workflowBundle: { code: options.workflowBundleCode } };
  const bundle = options.workflowBundlePath ?? (options.production ? PREBUILT_BUNDLE_PATH : undefined);
  if (bundle) {
    if (!existsSync(bundle)) {
      throw new StartupError(
        `Workflow bundle ${bundle} not found: build it with \`npx tsx worker/build-workflow-bundle.ts\` (or set WORKFLOW_BUNDLE_PATH).`,
      );
    }
    return { workflowBundle: { codePath: bundle } };
  }
  return { workflowsPath: WORKFLOWS_PATH };
}

/** True when createWorker would bundle workflows/ itself (slow: ~10 s), so callers can start it early. */
export function needsOnTheFlyBundle(
  options: Pick<CreateWorkerOptions, 'workflowBundlePath' | 'production'>,
): boolean {
  return !options.workflowBundlePath && !options.production;
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...resolveWorkflowSource(options),
    activities: createActivities({
      dataSource: options.dataSource,
      maxOpenTasksPerCase: options.maxOpenTasksPerCase,
    }),
    shutdownGraceTime: '10s',
    ...options.overrides,
  });
}
