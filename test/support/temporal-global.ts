// One temporal-lite for the whole jest run, unless TEMPORAL_ADDRESS points at a real server.
// Time mode 'skip': the clock runs at wall speed and only jumps when a test asks (TestService
// UnlockTimeSkippingWithSleep, used by createTemporalEnv().sleep). Jest workers are separate processes,
// so time control has to travel over gRPC; skip mode gives every file the same explicit, shared control.
import { startTemporalLite } from '../../temporal-lite/src/index';

export async function startTestTemporal(): Promise<{ stop(): Promise<void> }> {
  if (process.env.TEMPORAL_ADDRESS) return { stop: async () => undefined };
  const lite = await startTemporalLite({ port: 0, timeMode: 'skip' });
  process.env.RF_TEST_TEMPORAL_ADDRESS = lite.address;
  return {
    stop: async () => {
      await lite.shutdown();
    },
  };
}
