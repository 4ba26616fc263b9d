// globalSetup and globalTeardown run in the same process, so module state carries the stop handles.
type Stop = () => Promise<void>;
const stops: Stop[] = [];

export function registerTeardown(...fns: Stop[]): void {
  stops.push(...fns);
}

export async function runTeardown(): Promise<void> {
  const pending = stops.splice(0).reverse();
  for (const stop of pending) await stop();
}
