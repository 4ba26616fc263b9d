// `POST /tasks/:id/complete` under concurrent reviewers: cases started over HTTP, then autocannon completes each open
// task exactly once (one distinct id per request). `npx tsx bench/api-complete.bench.ts [tasks=300] [connections=50]`
import { autocannon, type CannonRequest, machine, startStack, startUserTaskCases, today } from './api-stack';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 300);
  const connections = Number(process.argv[3] ?? 50);
  const stack = await startStack({ worker: true });
  try {
    await stack.deploy('user-task.bpmn');
    const seeded = await startUserTaskCases(stack, total, 20, 'lixia');
    const token = await stack.login('city-reviewer1');
    const queue = [...seeded.taskIds];
    const body = JSON.stringify({ variables: { decision: 'pass' } });
    const t0 = Date.now();
    const r = await autocannon({
      url: stack.base,
      connections,
      amount: total,
      timeout: 60,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          body,
          setupRequest: (req: CannonRequest) => ({
            ...req,
            path: `/api/v1/tasks/${queue.shift() ?? 'exhausted'}/complete`,
          }),
        },
      ],
    });
    const seconds = (Date.now() - t0) / 1000;
    const [done] = (await stack.dataSource.query(
      `SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1::uuid[]) AND state = 'completed'`,
      [seeded.taskIds],
    )) as { n: number }[];
    const cmd = `npx tsx bench/api-complete.bench.ts ${total} ${connections}`;
    console.log(
      JSON.stringify({
        createSeconds: seeded.seconds,
        completeSeconds: seconds,
        completed: done?.n,
        rps: r.requests.average,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        latency: r.latency,
      }),
    );
    console.log(`\ncommand: ${cmd}\nmachine: ${machine()}\n`);
    console.log(
      `| ${today()} | \`${cmd}\` (${total} distinct open tasks completed once each by city-reviewer1 over ` +
        `${connections} connections; embedded PostgreSQL, temporal-lite realtime, one worker) | ` +
        `p50 ${r.latency.p50} ms / p99 ${r.latency.p99} ms, ${(total / seconds).toFixed(1)} completions/s, ` +
        `${r.non2xx} non-2xx | ${machine()} |`,
    );
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
