// A list approval: one `POST /batches` completing the waiting user task of N cases (goal: 1,000 in under 20 s).
// `npx tsx bench/api-batch.bench.ts [cases=1000] [batchConcurrency=8]`
import { machine, startStack, startUserTaskCases, today } from './api-stack';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1000);
  const batchConcurrency = Number(process.argv[3] ?? 8);
  const stack = await startStack({ worker: true, batchConcurrency });
  try {
    await stack.deploy('user-task.bpmn');
    const seeded = await startUserTaskCases(stack, total, 20, 'lixia');
    const token = await stack.login('city-reviewer1');
    const t0 = Date.now();
    const res = await stack.call('POST', '/batches', token, {
      title: `bench approval of ${total}`,
      caseIds: seeded.caseIds,
      action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
    });
    const seconds = (Date.now() - t0) / 1000;
    const items = (res.body.items ?? []) as { status: string; error?: string }[];
    const done = items.filter((i) => i.status === 'done').length;
    const firstError = items.find((i) => i.error)?.error;
    const cmd = `npx tsx bench/api-batch.bench.ts ${total} ${batchConcurrency}`;
    console.log(
      JSON.stringify({ createSeconds: seeded.seconds, status: res.status, seconds, done, firstError }),
    );
    console.log(`\ncommand: ${cmd}\nmachine: ${machine()}\n`);
    console.log(
      `| ${today()} | \`${cmd}\` (one POST /batches complete-task over ${total} cases waiting at \`review\`, ` +
        `BATCH_CONCURRENCY=${batchConcurrency}; embedded PostgreSQL, temporal-lite realtime, one worker) | ` +
        `${seconds.toFixed(1)} s, ${done}/${total} done, ${(done / seconds).toFixed(1)} cases/s | ${machine()} |`,
    );
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
