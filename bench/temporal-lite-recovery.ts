// Recovery time of temporal-lite with storage: N open workflows, SIGKILL, restart until it listens again.
// Usage: npx tsx bench/temporal-lite-recovery.ts [--workflows 10000]
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';

function start(port: number, dir: string): Promise<ChildProcess> {
  const cli = path.join(__dirname, '..', 'temporal-lite', 'src', 'cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', String(port), '--storage', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--workflows');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 10_000;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-recovery-'));
  const port = 18000 + Math.floor(Math.random() * 2000);
  let server = await start(port, dir);
  const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  const client = new Client({ connection });
  const t0 = Date.now();
  for (let s = 0; s < n; s += 500) {
    await Promise.all(Array.from({ length: Math.min(500, n - s) }, (_, k) => client.workflow.start('idle', { taskQueue: 'recovery', workflowId: `r-${s + k}` })));
  }
  const startSeconds = (Date.now() - t0) / 1000;
  server.kill('SIGKILL');
  await new Promise((r) => server.once('exit', r));
  const t1 = Date.now();
  server = await start(port, dir);
  const recoveryMs = Date.now() - t1;
  const count = await client.workflow.count(`ExecutionStatus = 'Running'`);
  console.log(JSON.stringify({ openWorkflows: n, startSeconds, recoveryMsIncludingProcessStart: recoveryMs, runningAfterRestart: count.count }));
  await connection.close();
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
  await rm(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
