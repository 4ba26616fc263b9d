// A list approval: one `POST /batches` completing the waiting user task of N cases (goal: 1,000 in under 20 s).
// `npx tsx bench/api-batch.bench.ts [cases=1000] [batchConcurrency=32] [--split]`
// --split runs temporal-lite and the worker in processes of their own (as deployed); without it all share one.
// The clock stops when POST /batches answers, i.e. after every item's completeTask update was accepted by its
// workflow (which writes its read model first); the tasks are then counted in PostgreSQL to confirm.
import os from 'node:os';
import { type CpuSnapshot, machine, startStack, startUserTaskCases, today } from './api-stack';

const cpuDelta = (a: CpuSnapshot, b: CpuSnapshot) => ({
  api: +(b.api - a.api).toFixed(1),
  lite: +(b.lite - a.lite).toFixed(1),
  worker: +(b.worker - a.worker).toFixed(1),
  postgres: +(b.postgres - a.postgres).toFixed(1),
});

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const split = process.argv.includes('--split');
  const total = Number(positional[0] ?? 1000);
  const batchConcurrency = Number(positional[1] ?? 32);
  const stack = await startStack({ worker: true, batchConcurrency, split });
  try {
    await stack.deploy('user-task.bpmn');
    const seeded = await startUserTaskCases(stack, total, 20, 'lixia');
    const token = await stack.login('city-reviewer1');
    const loadBefore = os.loadavg()[0] ?? 0;
    const cpu0 = stack.cpu();
    const t0 = Date.now();
    const res = await stack.call('POST', '/batches', token, {
      title: `bench approval of ${total}`,
      caseIds: seeded.caseIds,
      action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
    });
    const seconds = (Date.now() - t0) / 1000;
    const cpu = cpuDelta(cpu0, stack.cpu());
    const loadAfter = os.loadavg()[0] ?? 0;
    const items = (res.body.items ?? []) as { status: string; error?: string }[];
    const done = items.filter((i) => i.status === 'done').length;
    const firstError = items.find((i) => i.error)?.error;
    const [{ n: completed } = { n: 0 }]: { n: number }[] = await stack.dataSource.query(
      `SELECT count(*)::int AS n FROM tasks WHERE case_id = ANY($1::uuid[]) AND state = 'completed'`,
      [seeded.caseIds],
    );
    const cpuTotal = cpu.api + cpu.lite + cpu.worker + cpu.postgres;
    const cmd = `npx tsx bench/api-batch.bench.ts ${total} ${batchConcurrency}${split ? ' --split' : ''}`;
    console.log(
      JSON.stringify({
        createSeconds: seeded.seconds,
        status: res.status,
        seconds,
        done,
        completedInDb: completed,
        firstError,
        cpuSeconds: { ...cpu, total: +cpuTotal.toFixed(1) },
        load: [loadBefore, loadAfter],
      }),
    );
    console.log(`\ncommand: ${cmd}\nmachine: ${machine()}\n`);
    const where = split
      ? 'temporal-lite and worker in their own processes'
      : 'API, temporal-lite and worker in one process';
    console.log(
      `| ${today()} | \`${cmd}\` (one POST /batches complete-task over ${total} cases waiting at \`review\`, ` +
        `BATCH_CONCURRENCY=${batchConcurrency}; ${where}; embedded PostgreSQL, realtime) | ` +
        `${seconds.toFixed(1)} s, ${done}/${total} done, ${completed} completed in PostgreSQL, ` +
        `${(done / seconds).toFixed(1)} cases/s; CPU ${cpuTotal.toFixed(1)} s (API ${cpu.api}, lite ${cpu.lite}, ` +
        `worker ${cpu.worker}, PostgreSQL ${cpu.postgres}), ${(cpuTotal / seconds).toFixed(2)} cores busy | ` +
        `${loadBefore.toFixed(1)}→${loadAfter.toFixed(1)} |`,
    );
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
