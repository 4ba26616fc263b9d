// Prebuilds the workflow bundle for production (`npx tsx worker/build-workflow-bundle.ts [out]`).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PREBUILT_BUNDLE_PATH, WORKFLOWS_PATH } from './create-worker';

/** Bundles workflows/ in memory. */
export async function bundleWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  return code;
}

export async function buildWorkflowBundle(outFile = PREBUILT_BUNDLE_PATH): Promise<string> {
  const code = await bundleWorkflows();
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, code);
  return outFile;
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

if (require.main === module) {
  buildWorkflowBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined).then(
    (file) => process.stdout.write(`workflow bundle written to ${file}\n`),
    (err: unknown) => {
      process.stderr.write(`workflow bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
