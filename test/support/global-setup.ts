// One PostgreSQL server, one temporal-lite and one workflow bundle per test run, shared by every integration file.
// Each part publishes its address through process.env, which jest workers inherit.
import { startTestPostgres } from './postgres-global';
import { startTestTemporal } from './temporal-global';
import { buildTestWorkflowBundle } from './workflow-bundle-global';
import { registerTeardown } from './global-state';
import { ensureUiBuilt } from '../../scripts/ui-build';

export default async function globalSetup(): Promise<void> {
  const [pg, temporal] = await Promise.all([
    startTestPostgres(),
    startTestTemporal(),
    buildTestWorkflowBundle(),
    // The web UI, once per source change (hash-cached): the browser tests and `npm start` then find it built. A
    // failure is not fatal here; the browser tests rebuild and report it.
    ensureUiBuilt().catch(() => undefined),
  ]);
  registerTeardown(pg.stop, temporal.stop);
}
