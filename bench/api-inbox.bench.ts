// The inbox at scale: 100,000 task rows (and their cases) seeded by SQL, then autocannon on page 1 of
// `GET /tasks` as a district reviewer. `npx tsx bench/api-inbox.bench.ts [tasks=100000] [seconds=20] [connections=10]`
import os from 'node:os';
import { autocannonProcess, machine, startStack, today } from './api-stack';

const DISTRICTS = ['lixia', 'shizhong', 'huaiyin', 'tianqiao', 'licheng', 'changqing', 'zhangqiu', 'jiyang'];

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100_000);
  const seconds = Number(process.argv[3] ?? 20);
  const connections = Number(process.argv[4] ?? 10);
  const stack = await startStack({ worker: false });
  try {
    const ds = stack.dataSource;
    const t0 = Date.now();
    // lixia carries a quarter of the load, the rest spread evenly; 15% of rows are completed or withdrawn history.
    await ds.query(
      `INSERT INTO cases (process_key, process_version, business_key, district, active_elements, created_at)
       SELECT 'talent-review', 1, 'seed-' || g,
              CASE WHEN g % 4 = 0 THEN 'lixia' ELSE ($2::text[])[1 + g % array_length($2::text[], 1)] END,
              ARRAY['district-review'], now() - (g % 90) * interval '1 day'
       FROM generate_series(1, $1::int) g`,
      [total, DISTRICTS],
    );
    await ds.query(
      `INSERT INTO tasks (case_id, element_id, element_instance_key, name, candidate_groups, assignee, state, due_at,
                          completed_by, completed_at, district, process_key, created_at)
       SELECT c.id, e.element_id, 'k-' || g, e.element_id, e.groups,
              CASE WHEN g % 50 = 0 THEN 'lixia-reviewer' WHEN g % 37 = 0 THEN 'someone-else' END,
              s.state,
              CASE WHEN g % 10 = 0 THEN NULL ELSE now() + ((g * 7919) % 60 - 10) * interval '1 day'
                   + (g % 1440) * interval '1 minute' END,
              CASE WHEN s.state = 'completed' THEN 'lixia-reviewer' END,
              CASE WHEN s.state = 'completed' THEN now() END,
              c.district, c.process_key, c.created_at
       FROM (SELECT id, district, process_key, created_at, substring(business_key from 6)::int AS g FROM cases
             WHERE business_key LIKE 'seed-%') c
       CROSS JOIN LATERAL (SELECT CASE g % 5
                 WHEN 0 THEN 'district-review' WHEN 1 THEN 'district-review' WHEN 2 THEN 'city-review'
                 WHEN 3 THEN 'expert-review' ELSE 'list-approval' END AS element_id,
               CASE g % 5
                 WHEN 0 THEN ARRAY['district-reviewer'] WHEN 1 THEN ARRAY['district-reviewer','city-reviewer']
                 WHEN 2 THEN ARRAY['city-reviewer'] WHEN 3 THEN ARRAY['expert'] ELSE ARRAY['org-department'] END
               AS groups) e
       CROSS JOIN LATERAL (SELECT CASE WHEN g % 20 < 2 THEN 'completed' WHEN g % 20 = 2 THEN 'withdrawn'
                                        ELSE 'open' END AS state) s`,
    );
    // As autovacuum leaves a settled table: statistics and the visibility map (index-only scans) up to date.
    await ds.query('VACUUM ANALYZE cases');
    await ds.query('VACUUM ANALYZE tasks');
    const seedSeconds = (Date.now() - t0) / 1000;
    const [counts] = (await ds.query(
      `SELECT count(*)::int AS tasks,
              count(*) FILTER (WHERE district = 'lixia' AND state = 'open')::int AS lixia_open,
              count(*) FILTER (WHERE district = 'lixia' AND state = 'open'
                AND (assignee = 'lixia-reviewer' OR (assignee IS NULL AND candidate_groups && ARRAY['district-reviewer'])))::int
                AS visible
       FROM tasks`,
    )) as { tasks: number; lixia_open: number; visible: number }[];

    const token = await stack.login('lixia-reviewer');
    const url = `${stack.base}/tasks?page=1&pageSize=20`;
    const probe = await stack.call('GET', '/tasks?page=1&pageSize=20', token);
    if (probe.status !== 200) throw new Error(`inbox ${probe.status} ${JSON.stringify(probe.body)}`);
    const headers = { authorization: `Bearer ${token}` };
    await autocannonProcess({ url, connections, duration: 3, headers }); // warm-up: JIT, plan cache, buffers
    const loadBefore = os.loadavg()[0] ?? 0;
    const cpu0 = stack.cpu();
    const r = await autocannonProcess({ url, connections, duration: seconds, headers });
    const cpu1 = stack.cpu();
    const loadAfter = os.loadavg()[0] ?? 0;
    // CPU per answered request: the API process (autocannon runs apart) and PostgreSQL.
    const perRequest = (a: number, b: number) =>
      +(((b - a) * 1000) / Math.max(1, r.requests.total)).toFixed(2);
    const cpuMs = { api: perRequest(cpu0.api, cpu1.api), postgres: perRequest(cpu0.postgres, cpu1.postgres) };
    const cmd = `npx tsx bench/api-inbox.bench.ts ${total} ${seconds} ${connections}`;
    console.log(
      JSON.stringify({
        seedSeconds,
        counts,
        pageTotal: probe.body.total,
        pageItems: (probe.body.items as unknown[]).length,
        rps: r.requests.average,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        latency: r.latency,
        cpuMsPerRequest: cpuMs,
        load: [loadBefore, loadAfter],
      }),
    );
    console.log(`\ncommand: ${cmd}\nmachine: ${machine()}\n`);
    console.log(
      `| ${today()} | \`${cmd}\` (GET /tasks page 1 of 20 as lixia-reviewer, ${total.toLocaleString('en')} tasks, ` +
        `${counts?.visible} visible to the caller; autocannon ${connections} connections ${seconds} s) | ` +
        `p50 ${r.latency.p50} ms / p99 ${r.latency.p99} ms, ${Math.round(r.requests.average)} req/s; CPU per request ` +
        `API ${cpuMs.api} ms + PostgreSQL ${cpuMs.postgres} ms | ${loadBefore.toFixed(1)}→${loadAfter.toFixed(1)} |`,
    );
    if (process.env.EXPLAIN !== '0') {
      // The same statements the tasks service issues for this caller (TypeORM getManyAndCount).
      const where = `t.district = 'lixia' AND t.state = 'open' AND (t.assignee = 'lixia-reviewer' OR (t.assignee IS NULL
        AND (t.candidate_groups && CAST(ARRAY['district-reviewer'] AS text[]) OR cardinality(t.candidate_groups) = 0)))`;
      for (const sql of [
        `SELECT t.* FROM tasks t WHERE ${where} ORDER BY t.due_at ASC NULLS LAST, t.created_at ASC, t.id ASC LIMIT 20`,
        `SELECT COUNT(DISTINCT(t.id)) AS cnt FROM tasks t WHERE ${where}`,
        `SELECT COUNT(*) AS cnt FROM tasks t WHERE ${where}`,
      ]) {
        const plan = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`)) as { 'QUERY PLAN': string }[];
        console.log(`\n${sql}\n${plan.map((p) => p['QUERY PLAN']).join('\n')}`);
      }
    }
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
