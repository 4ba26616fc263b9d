// `npm run start:api`: the API alone, against an external PostgreSQL and Temporal.
import 'reflect-metadata';
import { loadConfig } from '../config/app-config';
import { connectDatabase, connectTemporal } from '../config/connect';
import { runMain } from '../config/startup-error';
import { createApp, API_PREFIX } from './create-app';
import { detectTestServiceClock } from './dev/test-service-clock';
import { onShutdownSignal } from '../config/shutdown';

runMain(async () => {
  const config = loadConfig(process.env, { requireExternal: true });
  const dataSource = await connectDatabase(config.databaseUrl!);
  const temporalConnection = await connectTemporal(config.temporalAddress!, config.temporalNamespace);
  // /dev/time exists only on a server with Temporal's TestService (temporal-lite, the time-skipping test server).
  const devClock = await detectTestServiceClock(temporalConnection, config.nodeEnv);
  const app = await createApp({ config, dataSource, temporalConnection, devClock });
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  process.stdout.write(`API: ${url.replace('[::1]', 'localhost')}/${API_PREFIX}\n`);
  onShutdownSignal(async () => {
    await app.close();
  });
});
