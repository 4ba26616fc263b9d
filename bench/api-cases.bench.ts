// Through the HTTP API: create cases and complete their review task, end to end on embedded PostgreSQL, temporal-lite
// and one worker. `npx tsx bench/api-cases.bench.ts [cases=100] [concurrency=10]`
import { startStack } from './api-stack';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100);
  const concurrency = Number(process.argv[3] ?? 10);
  const { call, login, deploy, close } = await startStack({ worker: true });
  try {
    const admin = await login('admin');
    const reviewer = await login('city-reviewer1');
    await deploy('user-task.bpmn');

    const createMs: number[] = [];
    const completeMs: number[] = [];
    let next = 0;
    const started = Date.now();
    const lane = async () => {
      while (next < total) {
        const i = next++;
        let t0 = Date.now();
        const created = await call('POST', '/cases', admin, {
          processKey: 'user-task',
          businessKey: `bench-${i}`,
          variables: { district: 'lixia' },
        });
        createMs.push(Date.now() - t0);
        if (created.status !== 201) throw new Error(`create ${created.status}`);
        let taskId: string | undefined;
        while (!taskId) {
          const inbox = await call('GET', `/tasks?caseId=${String(created.body.id)}`, reviewer);
          taskId = (inbox.body.items as { id: string }[])[0]?.id;
          if (!taskId) await new Promise((r) => setTimeout(r, 20));
        }
        t0 = Date.now();
        const done = await call('POST', `/tasks/${taskId}/complete`, reviewer, {
          variables: { decision: 'pass' },
        });
        completeMs.push(Date.now() - t0);
        if (done.status !== 200) throw new Error(`complete ${done.status} ${JSON.stringify(done.body)}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    const seconds = (Date.now() - started) / 1000;
    console.log(
      JSON.stringify({
        cases: total,
        concurrency,
        seconds: Number(seconds.toFixed(2)),
        casesPerSecond: Number((total / seconds).toFixed(1)),
        createP50ms: pct(createMs, 0.5),
        createP95ms: pct(createMs, 0.95),
        completeP50ms: pct(completeMs, 0.5),
        completeP95ms: pct(completeMs, 0.95),
      }),
    );
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
