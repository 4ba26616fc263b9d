// J01 end to end, everything in one box: `npm start` (embedded PostgreSQL, temporal-lite, worker, API in one process)
// on a fresh DATA_DIR, driven over HTTP by the users of the programme (test/support/playbooks.ts j01Playbook):
// create, declare, employer submit, district review, the quarterly city review batch, the publicity message batch,
// POST /dev/time/advance past the publicity period, recognition, certificate, 3-year re-registration.
// `npx tsx bench/j01-throughput.bench.ts [cases=100] [concurrency=8]`
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  childPids,
  cpuSeconds,
  freePort,
  postmasterPid,
  spawnTsx,
  stopProc,
} from '../test/support/child-processes';
import { checkProgrammeRun } from '../test/support/programme-checks';
import { ProgrammeDriver, ResilientApi } from '../test/support/programme-driver';
import { j01Playbook } from '../test/support/playbooks';
import { machine, today } from './api-stack';

async function main(): Promise<void> {
  const cases = Number(process.argv[2] ?? 100);
  const concurrency = Number(process.argv[3] ?? 8);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'rf-bench-j01-'));
  const port = await freePort();
  const server = spawnTsx('npm start', 'scripts/start-embedded.ts', [], {
    DATA_DIR: dataDir,
    PORT: String(port),
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    TEMPORAL_TASK_QUEUE: 'bench-j01',
    JWT_SECRET: 'bench-j01-secret-0123456789abcdef0123456789',
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
  });
  try {
    await server.waitFor(/^API: (\S+)$/m, 180_000);
    const api = new ResilientApi(300_000);
    api.setBase(`http://127.0.0.1:${port}/api/v1`);
    const deployed = await api.request('POST', '/process-definitions', {
      user: 'admin',
      body: j01Playbook.xml(),
      contentType: 'application/xml',
    });
    if (deployed.status >= 300) throw new Error(`deploy ${deployed.status} ${JSON.stringify(deployed.body)}`);
    const pgPid = postmasterPid(path.join(dataDir, 'pg'));
    const serverCpu = () => {
      const pg = pgPid
        ? cpuSeconds(pgPid, true) + childPids(pgPid).reduce((s, p) => s + cpuSeconds(p), 0)
        : 0;
      return { node: cpuSeconds(server.pid), pg };
    };

    let advanceMs = 0;
    const driver = new ProgrammeDriver({
      api,
      playbook: j01Playbook,
      cases,
      prefix: `bench-${Date.now()}`,
      concurrency,
      timeoutMs: 3_600_000,
      advance: async (duration) => {
        const t = performance.now();
        const res = await api.request('POST', '/dev/time/advance', {
          user: 'admin',
          body: { duration },
          timeoutMs: 1_800_000,
        });
        if (res.status !== 200) throw new Error(`advance ${res.status} ${JSON.stringify(res.body)}`);
        advanceMs += performance.now() - t;
      },
    });
    const load0 = machine();
    const cpu0 = serverCpu();
    const self0 = process.cpuUsage();
    const t0 = performance.now();
    const caseIds = await driver.run();
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = serverCpu();
    const self = process.cpuUsage(self0);
    const driverCpu = (self.user + self.system) / 1e6;
    const nodeCpu = cpu1.node - cpu0.node;
    const pgCpu = cpu1.pg - cpu0.pg;

    const report = await checkProgrammeRun(
      `postgres://postgres:reviewflow@127.0.0.1:${await pgPort(dataDir)}/postgres`,
      j01Playbook,
      caseIds,
    );
    const s = driver.stats;
    const line = [
      `${today()} | \`npx tsx bench/j01-throughput.bench.ts ${cases} ${concurrency}\``,
      `${cases} J01 cases in ${seconds.toFixed(1)} s = **${(cases / seconds).toFixed(2)} cases/s**`,
      `${s.completions} task completions (${(s.completions / seconds).toFixed(1)}/s), ${s.batches} batches (${s.batchItemsDone} items), ${s.advances} time advances (${(advanceMs / 1000).toFixed(1)} s of the total)`,
      `CPU: npm start process ${nodeCpu.toFixed(1)} s, PostgreSQL ${pgCpu.toFixed(1)} s, driver ${driverCpu.toFixed(1)} s = ${((nodeCpu + pgCpu + driverCpu) / cases).toFixed(2)} CPU-s per case`,
      `checked: ${report.cases} cases, ${report.taskRows} task rows, ${report.certificates} certificates, ${report.historyRows} history rows, ${report.problems.length} problems`,
      `load before ${load0}; after ${machine()}`,
    ];
    process.stdout.write(`${line.join('\n')}\n`);
    if (report.problems.length) process.stdout.write(`problems:\n${report.problems.join('\n')}\n`);
  } finally {
    await stopProc(server, 'SIGTERM', 30_000);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The embedded PostgreSQL's port, from its postmaster.pid (line 4). */
async function pgPort(dataDir: string): Promise<number> {
  const lines = (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
  return Number(lines[3]);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
