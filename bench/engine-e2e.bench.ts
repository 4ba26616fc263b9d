// End to end: review-pipeline cases per second through runCase on temporal-lite + embedded PostgreSQL + one worker.
// `npx tsx bench/engine-e2e.bench.ts [cases=40] [concurrency=10]`
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TemporalLite } from '../temporal-lite/src/index';
import { compileBpmn } from '../bpmn/compile/compile-bpmn';
import { runCase } from '../workflows/run-case.workflow';
import { PIPELINE_VARIABLES, drivePipeline } from '../test/support/engine-e2e-driver';
import { startStack } from '../test/support/stack-starter';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 40);
  const concurrency = Number(process.argv[3] ?? 10);
  const taskQueue = 'bench-e2e';
  // the stack's own PostgreSQL and realtime temporal-lite (its clock is moved past the timers below), one worker
  const stack = await startStack({
    label: 'bench-e2e',
    taskQueue,
    postgres: 'own',
    temporal: { ownLite: 'in-process' },
    worker: {},
  });
  try {
    const lite = stack.lite as TemporalLite;
    const dataSource = stack.db.dataSource;
    const client = stack.temporal.client;
    const xml = await readFile(
      path.join(__dirname, '..', 'test', 'fixtures', 'bpmn', 'review-pipeline.bpmn'),
      'utf8',
    );
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const graph = compiled.graph;

    // Cases park at the publicity timer; once every case in flight waits there, move server time past it.
    const parked = new Set<() => void>();
    let inFlight = 0;
    let advancing = false;
    const passTimer = (): Promise<void> =>
      new Promise<void>((resolve) => {
        parked.add(resolve);
      });
    const ticker = setInterval(() => {
      if (advancing || parked.size === 0 || parked.size < inFlight) return;
      advancing = true;
      void lite.clock.advance('10d').then(() => {
        for (const r of parked) r();
        parked.clear();
        advancing = false;
      });
    }, 20);

    let next = 0;
    let completions = 0;
    const started = performance.now();
    async function lane(): Promise<void> {
      while (next < total) {
        const i = next++;
        inFlight += 1;
        const businessKey = `bench-${i}`;
        const handle = await client.workflow.start(runCase, {
          taskQueue,
          workflowId: `bench-case-${i}`,
          args: [
            {
              caseId: randomUUID(),
              processKey: graph.processId,
              processVersion: 1,
              businessKey,
              variables: PIPELINE_VARIABLES,
              graph,
            },
          ],
        });
        const made = await drivePipeline(handle, { passTimer, timeoutMs: 600_000 });
        completions += made;
        inFlight -= 1;
      }
    }
    await Promise.all(Array.from({ length: concurrency }, () => lane()));
    const seconds = (performance.now() - started) / 1000;
    clearInterval(ticker);

    const [{ n }] = (await dataSource.query(
      `select count(*)::int as n from cases where status = 'completed'`,
    )) as [{ n: number }];
    const [{ h }] = (await dataSource.query(`select count(*)::int as h from history_events`)) as [
      { h: number },
    ];
    console.log(
      JSON.stringify({
        cases: total,
        concurrency,
        completedInDb: n,
        taskCompletions: completions,
        historyRows: h,
        seconds: Number(seconds.toFixed(2)),
        casesPerSecond: Number((total / seconds).toFixed(2)),
        node: process.version,
      }),
    );
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
