// Shared harness for temporal-lite's own integration tests: one server and one bundle per test file.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import type { WorkerOptions } from '@temporalio/worker';
import type { TemporalLite, TemporalLiteOptions } from '../src/index';
import { startTemporalLite } from '../src/index';

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // already installed by another helper in this process
  }
}

export interface LiteHarness {
  lite: TemporalLite;
  connection: Connection;
  client: Client;
  nativeConnection: NativeConnection;
  bundle: { code: string };
  worker(opts?: Partial<WorkerOptions>): Promise<{ worker: Worker; taskQueue: string; stop(): Promise<void> }>;
  close(): Promise<void>;
}

export function uid(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function startHarness(opts: Partial<TemporalLiteOptions> = {}): Promise<LiteHarness> {
  quietRuntime();
  const [lite, bundle] = await Promise.all([
    startTemporalLite({ port: 0, timeMode: 'realtime', ...opts }),
    bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'fixtures', 'workflows.ts'), logger: new DefaultLogger('WARN') }),
  ]);
  const connection = await Connection.connect({ address: lite.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: lite.address });
  const running = new Set<{ stop(): Promise<void> }>();
  return {
    lite,
    connection,
    client,
    nativeConnection,
    bundle,
    async worker(wopts = {}) {
      const taskQueue = wopts.taskQueue ?? uid('tq');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const activities = require('./fixtures/activities') as Record<string, unknown>;
      const worker = await Worker.create({
        connection: nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities,
        ...wopts,
      });
      const done = worker.run();
      const handle = {
        worker,
        taskQueue,
        async stop() {
          running.delete(handle);
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await done;
        },
      };
      running.add(handle);
      return handle;
    },
    async close() {
      for (const w of [...running]) await w.stop();
      await connection.close();
      await nativeConnection.close();
      await lite.shutdown();
    },
  };
}
