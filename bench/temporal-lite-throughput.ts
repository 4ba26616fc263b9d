// Throughput of temporal-lite with the real SDK: N workflows of 10 sequential activities and 2 timers.
// Usage: npx tsx bench/temporal-lite-throughput.ts [--workflows 1000] [--two-process] [--storage <dir>]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startTemporalLite } from '../temporal-lite/src/index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? '') : undefined;
}

/** User+system CPU seconds of a child process, from /proc (Linux; undefined elsewhere). */
function childCpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
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

async function startServer(twoProcess: boolean, storage?: string): Promise<BenchServer> {
  if (!twoProcess) {
    const lite = await startTemporalLite({ port: 0, timeMode: 'realtime', storage: storage ? { dir: storage } : undefined });
    return { address: lite.address, cpuSeconds: () => undefined, stop: () => lite.shutdown() };
  }
  const port = 17233 + Math.floor(Math.random() * 1000);
  const cli = path.join(__dirname, '..', 'temporal-lite', 'src', 'cli.ts');
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" profiles the server process.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...nodeArgs, '--import', 'tsx', cli, '--port', String(port), ...(storage ? ['--storage', storage] : [])];
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
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = await startServer(twoProcess, storage);
  const bundle = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'temporal-lite-workflows.ts'), logger: new DefaultLogger('ERROR') });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const taskQueue = `bench-${Date.now()}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: { step: async (i: number) => i },
    maxCachedWorkflows: n + 100,
    maxConcurrentWorkflowTaskExecutions: 200,
    maxConcurrentActivityTaskExecutions: 500,
  });
  const memBefore = process.memoryUsage().rss;
  await worker.runUntil(async () => {
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    const serverCpu0 = server.cpuSeconds();
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
    const serverCpuSeconds = serverCpu0 !== undefined && serverCpu1 !== undefined ? serverCpu1 - serverCpu0 : 0;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6 + serverCpuSeconds;
    for (let i = 0; i < Math.min(n, 20); i++) events += (await client.workflow.getHandle(`${taskQueue}-${i}`).fetchHistory()).events!.length;
    const perWf = events / Math.min(n, 20);
    durations.sort((a, b) => a - b);
    const pct = (p: number): number => durations[Math.min(durations.length - 1, Math.floor((p / 100) * durations.length))]!;
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
        // All CPU of the run: this process (worker, client, and the server in one-process mode) plus a separate server.
        cpuSeconds: Number(cpuSeconds.toFixed(2)),
        serverProcessCpuSeconds: twoProcess ? Number(serverCpuSeconds.toFixed(2)) : undefined,
        cpuSecondsPer1000Events: Number(((cpuSeconds * 1000) / (perWf * n)).toFixed(3)),
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
