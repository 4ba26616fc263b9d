// Issue 6 reliability: many J01 cases in flight while the system is killed under them, then SQL proves nothing was
// lost or done twice. One DATA_DIR serves two layouts in turn, so every case lives through every kill:
//   1. `npm start` (PostgreSQL, temporal-lite, worker and API in one process): SIGKILL it together with its
//      PostgreSQL at a random point, start it again on the same DATA_DIR;
//   2. the same data as separate processes (PostgreSQL, `npm run temporal-lite -- --storage`, `npm run start:api`,
//      `npm run start:worker`): SIGKILL the worker three times and the API once, each at a random point.
// Time only moves in layout 2 (temporal-lite does not yet persist its clock offset across restarts): by the driver's
// advances at the timer steps, and by a 6-minute nudge whenever nothing moved for 15 s, so an activity a dead worker
// held times out at once instead of after its 5-minute start-to-close timeout (no business timer is that close).
// With TEST_TEMPORAL set to a real server (issue 18 item 8) the same driver, kills and checks run on Temporal's dev
// server, which runs on throughout: only layout 2 (PostgreSQL, worker and API as separate processes; the first kill
// takes the worker and the API together), and the timer steps are passed by an administrator's case modification
// instead of moving time (the dev server has no clock to move; see README.md).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { caseWorkflowId } from '../../api/cases/workflow-errors';
import { parseDurationMs } from '../../api/dev/duration';
import { type EmbeddedPg, startEmbeddedPostgres } from '../../db/embedded-postgres';
import {
  type Proc,
  freePort,
  pidAlive,
  postmasterPid,
  sleep,
  spawnTsx,
  stopProc,
} from '../support/child-processes';
import { runMigrations } from '../../db/data-source';
import { seedDemoUsers } from '../../api/auth/demo-users';
import { connectDatabase } from '../../config/connect';
import { findTemporalCli, startDevServer, type ServerProcess } from '../../scripts/temporal-servers';
import { checkProgrammeRun } from '../support/programme-checks';
import { ProgrammeDriver, ResilientApi } from '../support/programme-driver';
import { type DeployablePlaybook, j01Playbook, reviewPipelinePlaybook } from '../support/playbooks';
import { testWorkflowBundlePath } from '../support/workflow-bundle-global';
import { testTemporalMode } from '../support/temporal-global';

const PendingActivityState = temporal.api.enums.v1.PendingActivityState;

const CASES = Number(process.env.RF_CHAOS_CASES ?? 200);
// A fixed default keeps CI reproducible; RF_CHAOS_SEED=random explores new kill points.
const SEED =
  process.env.RF_CHAOS_SEED === 'random' ? Date.now() % 1_000_000 : Number(process.env.RF_CHAOS_SEED ?? 2027);
const playbook: DeployablePlaybook =
  process.env.RF_CHAOS_PLAYBOOK === 'review-pipeline' ? reviewPipelinePlaybook : j01Playbook;

// Part of `npm test`; RF_CHAOS=0 skips it for a quick local run.
// On real Temporal (TEST_TEMPORAL=real, dev-server, time-skipping) the variant runs on its own dev server.
const ON_DEV_SERVER = testTemporalMode() !== 'lite' && !process.env.TEMPORAL_ADDRESS;
const maybe = process.env.RF_CHAOS === '0' ? it.skip : it;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('J01 under crashes (issue 6 reliability)', () => {
  let dataDir: string;
  const procs: Proc[] = [];
  let pg: EmbeddedPg | undefined;
  let testService: Connection | undefined;
  let devServer: ServerProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'rf-chaos-'));
  });
  afterAll(async () => {
    for (const p of procs) if (p.alive()) await stopProc(p, 'SIGTERM', 20_000);
    // Each process's output, for a failed run's post-mortem.
    const logDir = path.join(tmpdir(), `rf-chaos-${SEED}-logs`);
    if (procs.length) await mkdir(logDir, { recursive: true });
    for (const [i, p] of procs.entries())
      await writeFile(path.join(logDir, `${i}-${p.name.replace(/\W+/g, '-')}.log`), p.output());
    await testService?.close().catch(() => undefined);
    if (devServer) {
      await writeFile(path.join(logDir, 'dev-server.log'), devServer.output()).catch(() => undefined);
      await devServer.stop();
    }
    await pg?.stop().catch(() => undefined);
    const orphan = postmasterPid(path.join(dataDir, 'pg'));
    if (orphan && pidAlive(orphan)) process.kill(orphan, 'SIGINT');
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  maybe(
    `given ${CASES} cases in flight${ON_DEV_SERVER ? ' on the dev server' : ''}, when ${ON_DEV_SERVER ? 'the worker and the API together, the worker (×3) and the API' : 'npm start, the worker (×3) and the API'} are killed under them, then every case ends right and the database has no duplicates or gaps`,
    async () => {
      const started = Date.now();
      const rng = mulberry32(SEED);
      const between = (lo: number, hi: number) => lo + (hi - lo) * rng();
      const log = (line: string) =>
        process.stdout.write(`[chaos ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
      log(`seed ${SEED} (RF_CHAOS_SEED to repeat), ${CASES} cases of ${playbook.processKey}`);

      const port = await freePort();
      const common = {
        TEMPORAL_TASK_QUEUE: 'chaos',
        JWT_SECRET: 'chaos-secret-0123456789abcdef0123456789',
        WORKFLOW_BUNDLE_PATH: testWorkflowBundlePath(),
        NODE_ENV: 'development',
        PORT: String(port),
      };
      const api = new ResilientApi(240_000);
      api.setBase(`http://127.0.0.1:${port}/api/v1`);
      const kills = { embedded: 0, worker: 0, api: 0 };
      let gracefulStopHung = 0;
      const downtime: string[] = [];

      // Layout 1: npm start.
      let embedded: Proc | undefined;
      const startEmbedded = async () => {
        const t0 = Date.now();
        embedded = spawnTsx('npm start', 'scripts/start-embedded.ts', [], {
          ...common,
          DATA_DIR: dataDir,
          DATABASE_URL: '',
          TEMPORAL_ADDRESS: '',
          // This scenario switches to a separate temporal-lite on the same storage: pin lite (auto would pick the
          // `temporal` CLI where one is installed).
          TEMPORAL_EMBEDDED: 'lite',
        });
        procs.push(embedded);
        await embedded.waitFor(/^API: (\S+)$/m, 120_000);
        embeddedTemporal = (await embedded.waitFor(/temporal-lite at (\S+),/, 1000))[1]!;
        return Date.now() - t0;
      };
      let embeddedTemporal = '';
      // temporal-lite keeps routing a workflow's next task to the sticky queue of the worker that died, so each case
      // would wait out the 10 s sticky schedule-to-start timeout (real Temporal sends it to the normal queue once the
      // sticky queue has had no poller for 10 s). After a restart, reset stickiness for the run's open cases instead.
      let stickyResets = 0;
      const resetSticky = async (address: string) => {
        const connection = await Connection.connect({ address });
        try {
          const ids = driver.caseIds.filter(Boolean).map(caseWorkflowId);
          let next = 0;
          const lane = async () => {
            while (next < ids.length) {
              const workflowId = ids[next++]!;
              await connection.workflowService
                .resetStickyTaskQueue({ namespace: 'default', execution: { workflowId } })
                .then(() => (stickyResets += 1))
                .catch(() => undefined); // closed or not started: nothing to reset
            }
          };
          await Promise.all(Array.from({ length: 16 }, lane));
        } finally {
          await connection.close();
        }
      };
      // Layout 2: separate processes on the same data.
      let worker: Proc | undefined;
      let apiProc: Proc | undefined;
      let temporalAddress = '';
      const separateEnv = () => ({ ...common, DATABASE_URL: pg!.url, TEMPORAL_ADDRESS: temporalAddress });
      const startWorker = async () => {
        worker = spawnTsx('worker', 'worker/main.ts', [], separateEnv());
        procs.push(worker);
        await worker.waitFor(/^Worker: polling task queue/m, 120_000);
      };
      const startApi = async () => {
        apiProc = spawnTsx('api', 'api/main.ts', [], separateEnv());
        procs.push(apiProc);
        await apiProc.waitFor(/^API: (\S+)$/m, 120_000);
      };
      // Real variant: PostgreSQL (migrated, demo users seeded, as npm start would), the dev server, worker and API.
      const startOnDevServer = async () => {
        const t0 = Date.now();
        const cli = findTemporalCli();
        if (!cli)
          throw new Error('TEST_TEMPORAL: the temporal CLI was not found (TEMPORAL_CLI_PATH or PATH)');
        const [db, dev] = await Promise.all([
          startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), persistent: true }),
          startDevServer({ cli }),
        ]);
        pg = db;
        devServer = dev;
        temporalAddress = dev.address;
        await runMigrations(pg.url);
        const ds = await connectDatabase(pg.url, true);
        try {
          await seedDemoUsers(ds);
        } finally {
          await ds.destroy();
        }
        await Promise.all([startWorker(), startApi()]);
        return Date.now() - t0;
      };
      if (ON_DEV_SERVER) {
        const ms = await startOnDevServer();
        log(`dev server at ${temporalAddress}, worker and API ready in ${ms} ms`);
      } else log(`npm start ready in ${await startEmbedded()} ms`);
      const deployed = await api.request('POST', '/process-definitions', {
        user: 'admin',
        body: playbook.xml(),
        contentType: 'application/xml',
      });
      expect([200, 201]).toContain(deployed.status);

      // One advance at a time: the driver's timer steps and the watchdog's nudges share the clock.
      let clockQueue: Promise<unknown> = Promise.resolve();
      const advanceSeparate = (duration: string): Promise<void> => {
        const ms = parseDurationMs(duration);
        if (!ms) throw new Error(`bad duration ${duration}`);
        const next = clockQueue.then(async () => {
          await testService!.testService!.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
        });
        clockQueue = next.catch(() => undefined);
        return next;
      };

      // The dev server cannot move time: at a timer step an administrator modifies each waiting case, terminating the
      // timer and activating the playbook's `skipTo` element in its scope. Repeatable: the driver calls again for cases
      // still waiting 20 s later (a modification lost with a killed API), and a repeat finds no timer to terminate.
      let skipped = 0;
      const skipTimers = async (duration: string) => {
        const steps = playbook.timers.filter((t) => t.advance === duration);
        if (!steps.length || steps.some((t) => !t.skipTo))
          throw new Error(`timer step ${duration} has no skipTo for the dev server`);
        const ids = driver.caseIds.filter(Boolean);
        let next = 0;
        const lane = async () => {
          while (next < ids.length) {
            const id = ids[next++]!;
            const instances = await api.request('GET', `/cases/${id}/element-instances`, { user: 'admin' });
            if (instances.status !== 200) throw new Error(`element instances of ${id}: ${instances.status}`);
            for (const inst of instances.body as { key: string; elementId: string; parentKey?: string }[]) {
              const step = steps.find((t) => t.waitAt === inst.elementId);
              if (!step) continue;
              const res = await api.request('POST', `/cases/${id}/modification`, {
                user: 'admin',
                body: {
                  activateInstructions: [
                    {
                      elementId: step.skipTo,
                      ...(inst.parentKey ? { ancestorElementInstanceKey: inst.parentKey } : {}),
                    },
                  ],
                  terminateInstructions: [{ elementInstanceKey: inst.key }],
                },
              });
              // 409: the timer is already gone (a retry after the API answered and died); the case moved on.
              if (res.status === 200) skipped += 1;
              else if (res.status !== 409)
                throw new Error(`modify ${id}: ${res.status} ${JSON.stringify(res.body)}`);
            }
          }
        };
        await Promise.all(Array.from({ length: 8 }, lane));
      };

      const gate = deferred();
      const switched = deferred();
      let driverDone = false;
      const driver = new ProgrammeDriver({
        api,
        playbook,
        cases: CASES,
        prefix: `chaos-${SEED}`,
        concurrency: 8,
        timeoutMs: 840_000,
        log,
        beforeAdvance: async () => {
          gate.resolve();
          await switched.promise;
        },
        advance: async (d) => {
          log(ON_DEV_SERVER ? `skip the ${d} timers by case modification` : `advance ${d}`);
          await (ON_DEV_SERVER ? skipTimers(d) : advanceSeparate(d));
        },
      });
      let lastRestart = 0;
      const reach = async (planned: number) => {
        // Spread the kills: each waits for some work done since the previous restart.
        const fraction = Math.max(planned, lastRestart + 0.03);
        while (driver.progress() < fraction) {
          if (driverDone)
            throw new Error(
              `the run ended at ${driver.progress().toFixed(2)} before the kill planned at ${fraction.toFixed(2)}`,
            );
          await sleep(50);
        }
      };

      const killBoth = async () => {
        // Dev server variant, in place of the npm start kill: the worker and the API at once, the dev server runs on.
        await reach(between(0.13, 0.26));
        const t0 = Date.now();
        process.kill(worker!.pid, 'SIGKILL');
        process.kill(apiProc!.pid, 'SIGKILL');
        await Promise.all([worker!.exited, apiProc!.exited]);
        kills.worker += 1;
        kills.api += 1;
        log(`SIGKILL worker and API at progress ${driver.progress().toFixed(2)}`);
        await sleep(between(200, 1500));
        await Promise.all([startWorker(), startApi()]);
        await resetSticky(temporalAddress);
        lastRestart = driver.progress();
        downtime.push(`worker and API ${Date.now() - t0} ms`);
        switched.resolve();
      };

      const chaos = async () => {
        // After the last create: a case row without its workflow start is a known gap (see README).
        if (ON_DEV_SERVER) await killBoth();
        else await killEmbeddedAndSwitch();
        await killSeparate();
      };

      const killEmbeddedAndSwitch = async () => {
        await reach(between(0.13, 0.26));
        let t0 = Date.now();
        const pgPid = postmasterPid(path.join(dataDir, 'pg'));
        process.kill(embedded!.pid, 'SIGKILL');
        if (pgPid) process.kill(pgPid, 'SIGKILL');
        await embedded!.exited;
        kills.embedded += 1;
        log(
          `SIGKILL npm start (pid ${embedded!.pid}) and its PostgreSQL (pid ${pgPid}) at progress ${driver.progress().toFixed(2)}`,
        );
        const boot = await startEmbedded();
        await resetSticky(embeddedTemporal);
        lastRestart = driver.progress();
        downtime.push(`npm start ${Date.now() - t0} ms (boot ${boot} ms)`);
        log(`npm start back in ${Date.now() - t0} ms`);

        await Promise.race([reach(0.33), gate.promise]);
        t0 = Date.now();
        // An orderly stop, as an operator would before changing the layout: clients hold their requests meanwhile.
        api.setBase(undefined);
        embedded!.child.kill('SIGTERM');
        const stopped = await Promise.race([embedded!.exited, sleep(20_000).then(() => undefined)]);
        if (!stopped || stopped.code !== 0) {
          // Known: after a crash-restart, npm start can hang in its orderly shutdown. Not what this test is about:
          // note it and stop it the hard way (PostgreSQL too), which the restart below must survive as well.
          gracefulStopHung += 1;
          log(`npm start did not stop within 20 s of SIGTERM (${JSON.stringify(stopped)}): SIGKILL`);
          const pid = postmasterPid(path.join(dataDir, 'pg'));
          embedded!.child.kill('SIGKILL');
          if (pid && pidAlive(pid)) process.kill(pid, 'SIGKILL');
          await embedded!.exited;
        }
        pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), persistent: true });
        const litePort = await freePort();
        const lite = spawnTsx(
          'temporal-lite',
          'temporal-lite/src/cli.ts',
          [
            '--port',
            String(litePort),
            '--storage',
            path.join(dataDir, 'temporal'),
            '--time-mode',
            'realtime',
          ],
          {},
        );
        procs.push(lite);
        temporalAddress = (await lite.waitFor(/listening on (\S+)/, 60_000))[1]!;
        const opts: InternalConnectionOptions = {
          address: temporalAddress,
          [InternalConnectionOptionsSymbol]: { supportsTestService: true },
        };
        testService = await Connection.connect(opts);
        await Promise.all([startWorker(), startApi()]);
        await resetSticky(temporalAddress);
        api.setBase(`http://127.0.0.1:${port}/api/v1`);
        lastRestart = driver.progress();
        downtime.push(`layout switch ${Date.now() - t0} ms`);
        log(`separate processes up in ${Date.now() - t0} ms at progress ${driver.progress().toFixed(2)}`);
        switched.resolve();
      };

      const killSeparate = async () => {
        const plan = [
          ...[between(0.38, 0.5), between(0.52, 0.64), between(0.66, 0.78)].map((f) => ({
            f,
            what: 'worker' as const,
          })),
          { f: between(0.4, 0.78), what: 'api' as const },
        ].sort((a, b) => a.f - b.f);
        for (const step of plan) {
          await reach(step.f);
          const t0 = Date.now();
          if (step.what === 'worker') {
            process.kill(worker!.pid, 'SIGKILL');
            await worker!.exited;
            kills.worker += 1;
            log(`SIGKILL worker #${kills.worker} at progress ${driver.progress().toFixed(2)}`);
            await sleep(between(200, 1500));
            await startWorker();
            await resetSticky(temporalAddress);
            lastRestart = driver.progress();
            downtime.push(`worker ${Date.now() - t0} ms`);
          } else {
            process.kill(apiProc!.pid, 'SIGKILL');
            await apiProc!.exited;
            kills.api += 1;
            log(`SIGKILL API at progress ${driver.progress().toFixed(2)}`);
            await sleep(between(200, 1500));
            await startApi();
            lastRestart = driver.progress();
            downtime.push(`API ${Date.now() - t0} ms`);
          }
        }
      };

      let nudges = 0;
      // The dev server's stand-in for the nudge: an activity started over 15 s ago was held by a killed worker (service
      // tasks take milliseconds), and would wait out its 5-minute start-to-close timeout. An operator's
      // UpdateActivityOptions (`temporal activity update-options`) shortens that attempt's timeout to 10 s, so the
      // server times it out and schedules the retry on the live worker. Nothing is completed or skipped by hand.
      const expireHeldActivities = async (): Promise<number> => {
        const connection = await Connection.connect({ address: temporalAddress });
        let n = 0;
        try {
          for (const workflowId of driver.caseIds.filter(Boolean).map(caseWorkflowId)) {
            const d = await connection.workflowService
              .describeWorkflowExecution({ namespace: 'default', execution: { workflowId } })
              .catch(() => undefined);
            for (const a of d?.pendingActivities ?? []) {
              const startedMs = a.lastStartedTime ? tsToMs(a.lastStartedTime) : 0;
              if (
                a.state !== PendingActivityState.PENDING_ACTIVITY_STATE_STARTED ||
                !startedMs ||
                Date.now() - startedMs < 15_000
              )
                continue;
              await connection.workflowService.updateActivityOptions({
                namespace: 'default',
                execution: { workflowId },
                id: a.activityId,
                activityOptions: { startToCloseTimeout: msToTs(10_000) },
                updateMask: { paths: ['start_to_close_timeout'] },
                identity: 'chaos-test',
              });
              n += 1;
            }
          }
        } finally {
          await connection.close();
        }
        return n;
      };
      const watchdog = async () => {
        await switched.promise;
        let seen = driver.stats.actions;
        let since = Date.now();
        while (!driverDone) {
          await sleep(1000);
          if (driver.stats.actions !== seen) {
            seen = driver.stats.actions;
            since = Date.now();
          } else if (Date.now() - since > 15_000 && worker?.alive()) {
            if (ON_DEV_SERVER) {
              // No clock to move: shorten what a dead worker held instead (below).
              const n = await expireHeldActivities();
              nudges += 1;
              log(`nothing moved for 15 s: ${n} held activities given a 10 s start-to-close (#${nudges})`);
              since = Date.now();
              continue;
            }
            nudges += 1;
            log(`nothing moved for 15 s: nudge PT6M (#${nudges})`);
            await advanceSeparate('PT6M');
            since = Date.now();
          }
        }
      };

      const chaosRun = chaos();
      chaosRun.catch((err: unknown) => api.abort(err instanceof Error ? err : new Error(String(err))));
      const watchdogRun = watchdog();
      watchdogRun.catch(() => undefined);
      let caseIds: string[];
      try {
        caseIds = await driver.run();
      } finally {
        driverDone = true;
      }
      await chaosRun;
      await watchdogRun;
      const driven = Date.now() - started;

      const report = await checkProgrammeRun(pg!.url, playbook, caseIds);
      log(
        `done in ${(driven / 1000).toFixed(1)} s: ${JSON.stringify({ kills, gracefulStopHung, nudges, skipped, stickyResets, ...driver.stats, client: api.stats })}; downtime ${downtime.join(', ')}`,
      );
      log(
        `checked ${report.cases} cases, ${report.taskRows} task rows, ${report.ledgerRows} ledger rows, ${report.certificates} certificates, ${report.historyRows} history rows: ${report.problems.length} problems`,
      );
      expect(report.problems).toEqual([]);
      expect(report.cases).toBe(CASES);
      expect(kills).toEqual(
        ON_DEV_SERVER ? { embedded: 0, worker: 4, api: 2 } : { embedded: 1, worker: 3, api: 1 },
      );
    },
    900_000,
  );
});
