// For tests that drive the Engine directly (no gRPC, no SDK): a fresh engine and clock per test, and the small
// helpers those tests share.
import { ServerClock } from '../src/clock';
import { Engine } from '../src/engine';
import type { Msg } from '../src/proto';

export const NS = 'default';
/** Poll context that answers at once instead of long-polling. */
export const noWait = { isCancelled: () => false, onCancel: () => undefined, waitMs: 0 };
/** Event types of a history without the EVENT_TYPE_ prefix. */
export const kinds = (history: Msg[]): string[] =>
  history.map((e) => String(e.eventType).replace('EVENT_TYPE_', ''));

/** Registers beforeEach/afterEach; call the returned function inside a test for that test's engine. */
export function useEngine(): () => Engine {
  let clock: ServerClock | undefined;
  let engine: Engine | undefined;
  beforeEach(() => {
    clock = new ServerClock('realtime');
    engine = new Engine(clock, NS);
  });
  afterEach(() => {
    engine?.shutdown();
    clock?.stop();
  });
  return () => {
    if (!engine) throw new Error('useEngine: no engine outside a test');
    return engine;
  };
}
