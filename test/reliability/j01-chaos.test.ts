// Issue 6 reliability: many J01 cases in flight while the system is killed under them, then SQL proves nothing was
// lost or done twice. One DATA_DIR serves two layouts in turn, so every case lives through every kill:
//   1. `npm start` (PostgreSQL, temporal-lite, worker and API in one process): SIGKILL it together with its
//      PostgreSQL at a random point, start it again on the same DATA_DIR;
//   2. the same data as separate processes (PostgreSQL, `npm run temporal-lite -- --storage`, `npm run start:api`,
//      `npm run start:worker`): SIGKILL the worker three times and the API once, each at a random point.
// Time only moves in layout 2 (temporal-lite does not yet persist its clock offset across restarts): by the driver's
// advances at the timer steps, and by a 6-minute nudge whenever nothing moved for 15 s, so an activity a dead worker
// held times out at once instead of after its 5-minute start-to-close timeout (no business timer is that close).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import type { InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { msToTs } from '@temporalio/common/lib/time';
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
import { checkProgrammeRun } from '../support/programme-checks';
import { ProgrammeDriver, ResilientApi } from '../support/programme-driver';
import { type DeployablePlaybook, j01Playbook, reviewPipelinePlaybook } from '../support/playbooks';
import { testWorkflowBundlePath } from '../support/workflow-bundle-global';

const CASES = Number(process.env.RF_CHAOS_CASES ?? 200);
// A fixed default keeps CI reproducible; RF_CHAOS_SEED=random explores new kill points.
const SEED =
  process.env.RF_CHAOS_SEED === 'random' ? Date.now() % 1_000_000 : Number(process.env.RF_CHAOS_SEED ?? 2027);
const playbook: DeployablePlaybook =
  process.env.RF_CHAOS_PLAYBOOK === 'review-pipeline' ? reviewPipelinePlaybook : j01Playbook;

// Part of `npm test`; RF_CHAOS=0 skips it for a quick local run.
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
    await pg?.stop().catch(() => undefined);
    const orphan = postmasterPid(path.join(dataDir, 'pg'));
    if (orphan && pidAlive(orphan)) process.kill(orphan, 'SIGINT');
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  maybe(
    `given ${CASES} cases in flight, when npm start, the worker (×3) and the API are killed under them, then every case ends right and the database has no duplicates or gaps`,
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
      log(`npm start ready in ${await startEmbedded()} ms`);
      const deployed = await api.request('POST', '/process-definitions', {
        user: 'admin',
        body: playbook.xml(),
        contentType: 'application/xml',
      });
      expect([200, 201]).toContain(deployed.status);

      // Layout 2: separate processes on the same data.
      let worker: Proc | undefined;
      let apiProc: Proc | undefined;
      let liteAddress = '';
      const separateEnv = () => ({ ...common, DATABASE_URL: pg!.url, TEMPORAL_ADDRESS: liteAddress });
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
          log(`advance ${d}`);
          await advanceSeparate(d);
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

      const chaos = async () => {
        // After the last create: a case row without its workflow start is a known gap (see README).
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
        liteAddress = (await lite.waitFor(/listening on (\S+)/, 60_000))[1]!;
        const opts: InternalConnectionOptions = {
          address: liteAddress,
          [InternalConnectionOptionsSymbol]: { supportsTestService: true },
        };
        testService = await Connection.connect(opts);
        await Promise.all([startWorker(), startApi()]);
        await resetSticky(liteAddress);
        api.setBase(`http://127.0.0.1:${port}/api/v1`);
        lastRestart = driver.progress();
        downtime.push(`layout switch ${Date.now() - t0} ms`);
        log(`separate processes up in ${Date.now() - t0} ms at progress ${driver.progress().toFixed(2)}`);
        switched.resolve();

        const plan = [
          ...[between(0.38, 0.5), between(0.52, 0.64), between(0.66, 0.78)].map((f) => ({
            f,
            what: 'worker' as const,
          })),
          { f: between(0.4, 0.78), what: 'api' as const },
        ].sort((a, b) => a.f - b.f);
        for (const step of plan) {
          await reach(step.f);
          t0 = Date.now();
          if (step.what === 'worker') {
            process.kill(worker!.pid, 'SIGKILL');
            await worker!.exited;
            kills.worker += 1;
            log(`SIGKILL worker #${kills.worker} at progress ${driver.progress().toFixed(2)}`);
            await sleep(between(200, 1500));
            await startWorker();
            await resetSticky(liteAddress);
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
        `done in ${(driven / 1000).toFixed(1)} s: ${JSON.stringify({ kills, gracefulStopHung, nudges, stickyResets, ...driver.stats, client: api.stats })}; downtime ${downtime.join(', ')}`,
      );
      log(
        `checked ${report.cases} cases, ${report.taskRows} task rows, ${report.ledgerRows} ledger rows, ${report.certificates} certificates, ${report.historyRows} history rows: ${report.problems.length} problems`,
      );
      expect(report.problems).toEqual([]);
      expect(report.cases).toBe(CASES);
      expect(kills).toEqual({ embedded: 1, worker: 3, api: 1 });
    },
    900_000,
  );
});
