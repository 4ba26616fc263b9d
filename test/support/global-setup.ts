// One PostgreSQL server, one temporal-lite and one workflow bundle per test run, shared by every integration file.
// Each part publishes its address through process.env, which jest workers inherit.
import { startTestPostgres } from './postgres-global';
import { startTestTemporal } from './temporal-global';
import { buildTestWorkflowBundle } from './workflow-bundle-global';
import { registerTeardown } from './global-state';

export default async function globalSetup(): Promise<void> {
  const [pg, temporal] = await Promise.all([startTestPostgres(), startTestTemporal(), buildTestWorkflowBundle()]);
  registerTeardown(pg.stop, temporal.stop);
}
