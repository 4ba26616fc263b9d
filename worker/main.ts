// `npm run start:worker`: the Temporal worker alone, against an external PostgreSQL and Temporal.
import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/app-config';
import { connectDatabase, connectNativeTemporal } from '../config/connect';
import { runMain } from '../config/startup-error';
import { onShutdownSignal } from '../config/shutdown';
import { createOutboxDispatcher } from '../notifications/create-dispatcher';
import { createWorker } from './create-worker';

runMain(async () => {
  const config = loadConfig(process.env, { requireExternal: true, needsJwt: false });
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN'),
  });
  const dataSource = await connectDatabase(config.databaseUrl!);
  const connection = await connectNativeTemporal(config.temporalAddress!, config.temporalNamespace);
  const worker = await createWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    dataSource,
    maxOpenTasksPerCase: config.maxOpenTasksPerCase,
    workflowBundlePath: config.workflowBundlePath,
    production: config.nodeEnv === 'production',
  });
  const running = worker.run();
  const dispatcher = createOutboxDispatcher(dataSource, config);
  dispatcher.start();
  process.stdout.write(
    `Worker: polling task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.temporalNamespace})\n`,
  );
  onShutdownSignal(async () => {
    worker.shutdown();
    await dispatcher.stop();
    await running;
    await connection.close();
    await dataSource.destroy();
  });
  await running.catch(async (err: unknown) => {
    await dispatcher.stop();
    await dataSource.destroy().catch(() => undefined);
    throw err;
  });
});
