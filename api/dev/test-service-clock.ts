// The dev clock on any server that has Temporal's TestService: temporal-lite (either time mode) and Temporal's
// time-skipping test server. A real server (the CLI dev server, a cluster) answers UNIMPLEMENTED and gets none.
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import type { DevClock } from '../temporal/temporal.tokens';

export interface ClosableDevClock extends DevClock {
  close(): Promise<void>;
}

/**
 * A dev clock backed by the TestService of the server `connection` reaches, or undefined when it has none (or
 * with NODE_ENV=production, where the dev endpoints never exist). Opens its own connection (the SDK only
 * exposes the TestService on a connection asked for it); close() ends it.
 */
export async function detectTestServiceClock(
  connection: Connection,
  nodeEnv: string | undefined,
): Promise<ClosableDevClock | undefined> {
  if (nodeEnv === 'production') return undefined;
  const options: InternalConnectionOptions = {
    ...connection.options,
    interceptors: [],
    connectTimeout: '5s',
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  };
  const probe = await Connection.connect(options);
  const testService = probe.testService;
  try {
    if (!testService) throw new Error('no TestService stub');
    await testService.getCurrentTime({});
  } catch {
    // UNIMPLEMENTED ("unknown service temporal.api.testservice.v1.TestService") on a real server
    await probe.close();
    return undefined;
  }
  return {
    async now() {
      const { time } = await testService.getCurrentTime({});
      return new Date(tsToMs(time));
    },
    async advance(ms: number) {
      await testService.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
    },
    close: () => probe.close(),
  };
}
