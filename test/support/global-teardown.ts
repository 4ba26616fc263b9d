import { runTeardown } from './global-state';

export default async function globalTeardown(): Promise<void> {
  await runTeardown();
}
