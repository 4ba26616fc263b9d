// One workflow bundle per jest run: built here in globalSetup, published to every worker via process.env.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { registerTeardown } from './global-state';

export const WORKFLOW_BUNDLE_ENV = 'RF_TEST_WORKFLOW_BUNDLE';

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

export async function buildTestWorkflowBundle(): Promise<string> {
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '..', '..', 'workflows', 'index.ts'),
    logger: quietLogger,
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'rf-workflow-bundle-'));
  const file = path.join(dir, 'workflow-bundle.js');
  await writeFile(file, code);
  registerTeardown(() => rm(dir, { recursive: true, force: true }));
  process.env[WORKFLOW_BUNDLE_ENV] = file;
  if (process.env.RF_TEST_VERBOSE)
    process.stdout.write(`workflow bundle built in ${Date.now() - started} ms\n`);
  return file;
}

/** The bundle built by globalSetup; tests pass it as the worker's workflowBundle. */
export function testWorkflowBundlePath(): string {
  const file = process.env[WORKFLOW_BUNDLE_ENV];
  if (!file)
    throw new Error(
      `${WORKFLOW_BUNDLE_ENV} is not set: run integration tests through jest (globalSetup builds it)`,
    );
  return file;
}
