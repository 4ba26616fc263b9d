// Throughput of temporal-lite with the real SDK: N workflows of 10 sequential activities and 2 timers.
// Usage: node --import tsx bench/temporal-lite-throughput.ts [--workflows 1000] [--two-process] [--storage <dir>]
//   [--no-eager-activities] [--wft-polls 10] [--act-polls 10] [--wft-slots 200] [--act-slots 500] [--wf-threads 2]
//   [--grpc-compression gzip|none]
// Worker options are what a production user sets for many short workflows on one box: a cache that holds every
// open workflow (so sticky tasks carry only new events), bounded task slots, default pollers, default
// reuseV8Context (true) with two workflow threads (one per core), debugMode off, eager activities on (the SDK default),
// and no gRPC compression between worker and server (both on this machine).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startTemporalLite } from '../temporal-lite/src/index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? '') : undefined;
}

/** Busy, stolen and total jiffies of the whole machine (all processes, not just ours), from /proc/stat. */
function machineJiffies(): { busy: number; steal: number; total: number } | undefined {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), steal: f[7] ?? 0, total };
  } catch {
    return undefined;
  }
}

/** CPU seconds of this process's threads grouped by thread name (main JS thread, workflow threads, core). */
function threadCpuSeconds(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = tid === String(process.pid) ? 'main' : (/\((.*)\)/.exec(stat)?.[1] ?? '?');
      const f = stat.replace(/^.*\) /, '').split(' ');
      out[name] = (out[name] ?? 0) + (Number(f[11]) + Number(f[12])) / 100;
    }
  } catch {
    // not Linux
  }
  return out;
}

/** User+system CPU seconds of a child process, from /proc (Linux; undefined elsewhere). */
function childCpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

interface BenchServer {
  address: string;
  /** CPU seconds used by a separate server process so far; undefined when the server shares this process. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

async function startServer(
  twoProcess: boolean,
  storage: string | undefined,
  eager: boolean,
): Promise<BenchServer> {
  if (!twoProcess) {
    const lite = await startTemporalLite({
      port: 0,
      timeMode: 'realtime',
      storage: storage ? { dir: storage } : undefined,
      eagerActivities: eager,
    });
    return { address: lite.address, cpuSeconds: () => undefined, stop: () => lite.shutdown() };
  }
  const port = 17233 + Math.floor(Math.random() * 1000);
  // BENCH_SERVER_CLI=<compiled cli.js> runs the server without tsx (profiles then carry real line numbers).
  const cli = process.env.BENCH_SERVER_CLI ?? path.join(__dirname, '..', 'temporal-lite', 'src', 'cli.ts');
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" profiles the server process.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [
    ...nodeArgs,
    ...(cli.endsWith('.ts') ? ['--import', 'tsx'] : []),
    cli,
    '--port',
    String(port),
    ...(storage ? ['--storage', storage] : []),
    ...(eager ? [] : ['--no-eager-activities']),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    address: `127.0.0.1:${port}`,
    cpuSeconds: () => childCpuSeconds(child.pid),
    stop: async () => {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function main(): Promise<void> {
  const n = Number(arg('workflows') ?? 1000);
  const twoProcess = arg('two-process') !== undefined;
  const storage = arg('storage');
  const eager = arg('no-eager-activities') === undefined;
  const wftPolls = Number(arg('wft-polls') ?? 10);
  const actPolls = Number(arg('act-polls') ?? 10);
  const wftSlots = Number(arg('wft-slots') ?? 200);
  const actSlots = Number(arg('act-slots') ?? 500);
  // Two workflow threads, one per core (the SDK default is one with reuseV8Context): with the server in its own process
  // one thread fell behind under load (tasks timed out: 1.21 vs 1.06 CPU-ms per event); in one process two threads
  // gave more events/s but more CPU per event (bench/RESULTS.md, 05:41-05:56). --wf-threads 1 for the SDK default.
  const wfThreads = Number(arg('wf-threads') ?? 2);
  // Worker and server share the box, so requests go uncompressed, as `npm start` connects its worker to temporal-lite:
  // gzip over loopback cost ~10 % of all CPU per event (bench/RESULTS.md, 11:06). `--grpc-compression gzip` for the
  // SDK default.
  const compression = arg('grpc-compression') === 'gzip' ? 'gzip' : 'none';
  // Core's WARN lines ("workflow task took > 5 s" under load) would flood the output; errors still print.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const server = await startServer(twoProcess, storage, eager);
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'temporal-lite-workflows.ts'),
    logger: new DefaultLogger('ERROR'),
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({
    address: server.address,
    grpcCompression: { codec: compression },
  });
  const taskQueue = `bench-${Date.now()}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: { step: async (i: number) => i },
    maxCachedWorkflows: n + 100,
    maxConcurrentWorkflowTaskExecutions: wftSlots,
    maxConcurrentActivityTaskExecutions: actSlots,
    maxConcurrentWorkflowTaskPolls: wftPolls,
    maxConcurrentActivityTaskPolls: actPolls,
    workflowThreadPoolSize: wfThreads,
  });
  const memBefore = process.memoryUsage().rss;
  await worker.runUntil(async () => {
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    const serverCpu0 = server.cpuSeconds();
    const machine0 = machineJiffies();
    const threads0 = threadCpuSeconds();
    const durations: number[] = [];
    let events = 0;
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const s = Date.now();
        const h = await client.workflow.start('tenSteps', { taskQueue, workflowId: `${taskQueue}-${i}` });
        await h.result();
        durations.push(Date.now() - s);
      }),
    );
    const elapsed = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const serverCpu1 = server.cpuSeconds();
    const machine1 = machineJiffies();
    const threads1 = threadCpuSeconds();
    const threads = Object.fromEntries(
      Object.entries(threads1)
        .map(([k, v]) => [k, Number((v - (threads0[k] ?? 0)).toFixed(2))] as const)
        .filter(([, v]) => v > 0.05),
    );
    const serverCpuSeconds =
      serverCpu0 !== undefined && serverCpu1 !== undefined ? serverCpu1 - serverCpu0 : 0;
    const ownCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const cpuSeconds = ownCpuSeconds + serverCpuSeconds;
    // Cores the whole machine was busy on average, and how many of them were ours: the rest is other people's load.
    const machineBusyCores =
      machine0 && machine1
        ? ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * os.cpus().length
        : undefined;
    // Time the hypervisor ran someone else on our virtual CPUs: runs where it is high are slower for reasons of the host.
    const machineStealCores =
      machine0 && machine1
        ? ((machine1.steal - machine0.steal) / (machine1.total - machine0.total)) * os.cpus().length
        : undefined;
    // The longest wait between two events of one run, over a sample of runs: a stall (a task waiting for a
    // timeout instead of a poller) shows up here rather than in CPU figures.
    let maxGap = { ms: 0, before: '', after: '', atSecond: 0 };
    let sampledEvents = 0;
    let stalls = 0;
    const sample = Array.from({ length: Math.min(n, 50) }, (_, k) => Math.floor((k * n) / Math.min(n, 50)));
    for (const i of sample) {
      const h = await client.workflow.getHandle(`${taskQueue}-${i}`).fetchHistory();
      const evs = h.events ?? [];
      sampledEvents += evs.length;
      for (let k = 1; k < evs.length; k++) {
        const ms =
          (Number(evs[k]!.eventTime?.seconds ?? 0) - Number(evs[k - 1]!.eventTime?.seconds ?? 0)) * 1000 +
          ((evs[k]!.eventTime?.nanos ?? 0) - (evs[k - 1]!.eventTime?.nanos ?? 0)) / 1e6;
        if (ms > 1000) stalls++;
        const at = Number(evs[k - 1]!.eventTime?.seconds ?? 0) - t0 / 1000;
        if (ms > maxGap.ms)
          maxGap = {
            ms: Math.round(ms),
            before: String(evs[k - 1]!.eventType),
            after: String(evs[k]!.eventType),
            atSecond: Math.round(at),
          };
      }
    }
    events = sampledEvents;
    const perWf = events / sample.length;
    durations.sort((a, b) => a - b);
    const pct = (p: number): number =>
      durations[Math.min(durations.length - 1, Math.floor((p / 100) * durations.length))]!;
    console.log(
      JSON.stringify({
        mode: twoProcess ? 'two-process' : 'one-process',
        storage: !!storage,
        workflows: n,
        seconds: Number(elapsed.toFixed(2)),
        workflowsPerSecond: Number((n / elapsed).toFixed(1)),
        historyEventsPerWorkflow: perWf,
        historyEventsPerSecond: Math.round((perWf * n) / elapsed),
        p50ms: pct(50),
        p99ms: pct(99),
        maxEventGap: maxGap,
        gapsOver1sInSample: stalls,
        // All CPU of the run: this process (worker, client, and the server in one-process mode) plus a separate server.
        cpuSeconds: Number(cpuSeconds.toFixed(2)),
        serverProcessCpuSeconds: twoProcess ? Number(serverCpuSeconds.toFixed(2)) : undefined,
        workerProcessCpuSeconds: twoProcess ? Number(ownCpuSeconds.toFixed(2)) : undefined,
        cpuSecondsPer1000Events: Number(((cpuSeconds * 1000) / (perWf * n)).toFixed(3)),
        serverCpuMsPerEvent: twoProcess
          ? Number(((serverCpuSeconds * 1000) / (perWf * n)).toFixed(3))
          : undefined,
        workerCpuMsPerEvent: twoProcess
          ? Number(((ownCpuSeconds * 1000) / (perWf * n)).toFixed(3))
          : undefined,
        // Events per CPU-second of our processes, times the 2 cores: the rate an otherwise idle 2-core box would allow.
        eventsPerSecondAtTwoIdleCores: Math.round(((perWf * n) / cpuSeconds) * 2),
        ourCores: Number((cpuSeconds / elapsed).toFixed(2)),
        machineBusyCores: machineBusyCores === undefined ? undefined : Number(machineBusyCores.toFixed(2)),
        machineStealCores: machineStealCores === undefined ? undefined : Number(machineStealCores.toFixed(2)),
        loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
        eagerActivities: eager,
        // CPU seconds by thread name in this process (node = main JS thread; workflow threads; core's tokio threads).
        threadCpuSeconds: threads,
        worker: { wftPolls, actPolls, wftSlots, actSlots, wfThreads, grpcCompression: compression },
        rssMiBDelta: Math.round((process.memoryUsage().rss - memBefore) / 1048576),
      }),
    );
  });
  await connection.close();
  await nativeConnection.close();
  await server.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
