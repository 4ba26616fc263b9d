// Server memory per idle workflow: N workflows that ran their first task and now wait on a signal.
// Usage: node --expose-gc --import tsx bench/temporal-lite-idle-memory.ts [--workflows 10000]
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startTemporalLite } from '../temporal-lite/src/index';

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--workflows');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 10_000;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const bundle = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'temporal-lite-workflows.ts'), logger: new DefaultLogger('ERROR') });
  const lite = await startTemporalLite({ port: 0, timeMode: 'realtime' });
  const connection = await Connection.connect({ address: lite.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: lite.address });
  const taskQueue = `idle-${Date.now()}`;
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: bundle, maxCachedWorkflows: 100 });
  const base = heapAfterGc();
  const t0 = Date.now();
  await worker.runUntil(async () => {
    for (let s = 0; s < n; s += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, n - s) }, (_, k) => client.workflow.start('idle', { taskQueue, workflowId: `${taskQueue}-${s + k}` })),
      );
    }
    // wait until every first task completed (4 events: started, scheduled, started, completed)
    for (;;) {
      const last = await client.workflow.getHandle(`${taskQueue}-${n - 1}`).fetchHistory();
      if ((last.events?.length ?? 0) >= 4) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  const used = heapAfterGc() - base;
  console.log(
    JSON.stringify({ workflows: n, setupSeconds: (Date.now() - t0) / 1000, serverHeapMiB: Math.round(used / 1048576), bytesPerIdleWorkflow: Math.round(used / n) }),
  );
  await connection.close();
  await nativeConnection.close();
  await lite.shutdown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
