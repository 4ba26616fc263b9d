// Temporal for one test file: a real server (TEMPORAL_ADDRESS), a `temporal` CLI dev server, or temporal-lite.
// sleep() skips server time where the server supports it (temporal-lite); elsewhere it really waits.
import { execFileSync } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { startTemporalLite } from '../../temporal-lite/src/index';
import type { TemporalLite } from '../../temporal-lite/src/index';

export interface TemporalEnv {
  address: string;
  client: Client;
  nativeConnection: NativeConnection;
  sleep(duration: string | number): Promise<void>;
  now(): Promise<Date>;
  teardown(): Promise<void>;
}

function toMs(d: string | number): number {
  if (typeof d === 'number') return d;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(d);
  if (!m) throw new Error(`invalid duration: ${d}`);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Number(m[1]) * (unit[m[2] ?? 'ms'] ?? 1);
}

function findTemporalCli(): string | undefined {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  try {
    const out = execFileSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}

async function connectTo(address: string, skipping: boolean, extraTeardown?: () => Promise<void>): Promise<TemporalEnv> {
  // The TestService stub is opt-in (the SDK's own time-skipping environment enables it the same way).
  const connOpts: InternalConnectionOptions = { address, [InternalConnectionOptionsSymbol]: { supportsTestService: skipping } };
  const connection = await Connection.connect(connOpts);
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection });
  const testService = connection.testService;
  if (skipping && !testService) throw new Error('temporal connection has no TestService');
  return {
    address,
    client,
    nativeConnection,
    async sleep(duration) {
      const ms = toMs(duration);
      if (skipping && testService) await testService.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
      else await new Promise((r) => setTimeout(r, ms));
    },
    async now() {
      if (!skipping || !testService) return new Date();
      const { time } = await testService.getCurrentTime({});
      return new Date(tsToMs(time));
    },
    async teardown() {
      await connection.close();
      await nativeConnection.close();
      if (extraTeardown) await extraTeardown();
    },
  };
}

export async function createTemporalEnv(): Promise<TemporalEnv> {
  if (process.env.TEMPORAL_ADDRESS) return connectTo(process.env.TEMPORAL_ADDRESS, false);
  const cli = findTemporalCli();
  if (cli) {
    const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli } } });
    const address = env.connection.options.address;
    return {
      address,
      client: env.client,
      nativeConnection: env.nativeConnection,
      sleep: (d) => env.sleep(toMs(d)),
      now: async () => new Date(await env.currentTimeMs()),
      teardown: () => env.teardown(),
    };
  }
  const shared = process.env.RF_TEST_TEMPORAL_ADDRESS;
  if (shared) return connectTo(shared, true);
  const lite: TemporalLite = await startTemporalLite({ port: 0, timeMode: 'skip' });
  return connectTo(lite.address, true, () => lite.shutdown());
}
