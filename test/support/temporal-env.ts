// Temporal for one test file: an external server (TEMPORAL_ADDRESS), or the run's shared server that TEST_TEMPORAL
// chose (temporal-global.ts): temporal-lite, Temporal's dev server or its time-skipping test server. With
// TEST_TEMPORAL=real a file that skips time (TIME_SKIPPING_FILES) gets a time-skipping server of its own, any other the
// shared dev server. sleep() skips server time where the server has a TestService; elsewhere it really waits.
import { Client, Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { NativeConnection } from '@temporalio/worker';
import { startTemporalLite } from '../../temporal-lite/src/index';
import type { TemporalLite } from '../../temporal-lite/src/index';
import {
  findTemporalCli,
  findTestServer,
  startDevServer,
  startTimeSkippingServer,
} from '../../scripts/temporal-servers';
import { testTemporalMode } from './temporal-global';

export interface TemporalEnv {
  address: string;
  client: Client;
  nativeConnection: NativeConnection;
  sleep(duration: string | number): Promise<void>;
  now(): Promise<Date>;
  teardown(): Promise<void>;
}

/** The longest sleep() that really waits (servers without a TestService). */
const MAX_REAL_SLEEP_MS = 10_000;

export function toMs(d: string | number): number {
  if (typeof d === 'number') return d;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(d);
  if (!m) throw new Error(`invalid duration: ${d}`);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Number(m[1]) * (unit[m[2] ?? 'ms'] ?? 1);
}

/** A TemporalEnv on the server at `address`; `skipping`: it has a TestService that moves its clock. */
export async function connectTemporalEnv(
  address: string,
  skipping: boolean,
  extraTeardown?: () => Promise<void>,
): Promise<TemporalEnv> {
  // The TestService stub is opt-in (the SDK's own time-skipping environment enables it the same way).
  const connOpts: InternalConnectionOptions = {
    address,
    [InternalConnectionOptionsSymbol]: { supportsTestService: skipping },
  };
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
      else if (ms > MAX_REAL_SLEEP_MS)
        // a real wait of hours would outlive the test and keep jest's process alive after the run
        throw new Error(
          `sleep(${String(duration)}) on a server without time skipping: list the test file in TIME_SKIPPING_FILES`,
        );
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

/** Test files that move server time (sleep, a dev clock, a programme's calendar): on the time-skipping server. */
export const TIME_SKIPPING_FILES: RegExp[] = [
  /test\/programmes\//,
  /test\/ui\//,
  /test\/integration\/api-user-story\.test\.ts$/,
  /test\/integration\/api-timer-start\.test\.ts$/,
  /test\/integration\/engine-case\.test\.ts$/,
  /test\/integration\/engine-elements\.test\.ts$/,
  /test\/integration\/calendar-recompute\.test\.ts$/,
  /test\/integration\/worker-smoke\.test\.ts$/,
  /test\/integration\/replay-histories\.test\.ts$/,
];

function currentTestPath(): string {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  return (state?.testPath ?? '').split('\\').join('/');
}

/** Whether the server at `address` answers TestService GetCurrentTime (temporal-lite, the time-skipping server). */
async function hasTestService(address: string): Promise<boolean> {
  const opts: InternalConnectionOptions = {
    address,
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  };
  const connection = await Connection.connect(opts);
  try {
    await connection.testService?.getCurrentTime({});
    return !!connection.testService;
  } catch {
    return false;
  } finally {
    await connection.close();
  }
}

export interface TemporalEnvOptions {
  /** Needs to move server time; default: whether the calling test file is in TIME_SKIPPING_FILES. */
  timeSkipping?: boolean;
}

export async function createTemporalEnv(options: TemporalEnvOptions = {}): Promise<TemporalEnv> {
  const external = process.env.TEMPORAL_ADDRESS;
  if (external) return connectTemporalEnv(external, await hasTestService(external));
  const mode = testTemporalMode();
  if (mode === 'lite') {
    const shared = process.env.RF_TEST_TEMPORAL_ADDRESS;
    if (shared) return connectTemporalEnv(shared, true);
    const lite: TemporalLite = await startTemporalLite({ port: 0, timeMode: 'skip' });
    return connectTemporalEnv(lite.address, true, () => lite.shutdown());
  }
  const skipping =
    mode === 'time-skipping' ||
    (mode === 'real' &&
      (options.timeSkipping ?? TIME_SKIPPING_FILES.some((re) => re.test(currentTestPath()))));
  if (skipping) {
    // Its own server per file: the time-skipping server has one clock, so a file skipping days would fire the timers
    // of a file running beside it, and one file's leftover cases would keep another's skips busy (both stalled the
    // shared server in full runs). Starting one takes about a second.
    const bin = findTestServer();
    if (!bin)
      throw new Error('TEST_TEMPORAL: temporal-test-server not found (TEMPORAL_TEST_SERVER_PATH or PATH)');
    const server = await startTimeSkippingServer({ path: bin });
    return connectTemporalEnv(server.address, true, () => server.stop());
  }
  const shared = process.env.RF_TEST_DEV_SERVER_ADDRESS;
  if (shared) return connectTemporalEnv(shared, false);
  const cli = findTemporalCli();
  if (!cli) throw new Error('TEST_TEMPORAL: the temporal CLI was not found (TEMPORAL_CLI_PATH or PATH)');
  const server = await startDevServer({ cli });
  return connectTemporalEnv(server.address, false, () => server.stop());
}
