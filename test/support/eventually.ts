/**
 * Polls `probe` every 100 ms until `ok` accepts its value, or fails after `timeoutMs` showing the last value.
 * A probe that throws counts as "not yet" unless `rethrow` is set (then the error fails the test at once).
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 15_000,
  options: { rethrow?: boolean } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    if (options.rethrow) {
      const value = await probe();
      if (ok(value)) return value;
      last = value;
    } else {
      last = await probe().catch(() => undefined);
      if (last !== undefined && ok(last)) return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`not reached in time (last: ${JSON.stringify(last)?.slice(0, 2000)})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
