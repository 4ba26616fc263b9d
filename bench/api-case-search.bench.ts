// Case search (案件查询) and the overview at scale: cases with applicant names and open tasks (some overdue) seeded by
// SQL, then autocannon on GET /cases with each kind of filter, the overview counts, and one CSV and one xlsx export.
// `npx tsx bench/api-case-search.bench.ts [cases=100000] [seconds=8] [connections=4]`
import os from 'node:os';
import { autocannonProcess, machine, startStack, today } from './api-stack';

const DISTRICTS = ['lixia', 'shizhong', 'huaiyin', 'tianqiao', 'licheng', 'changqing', 'zhangqiu', 'jiyang'];
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛'];

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100_000);
  const seconds = Number(process.argv[3] ?? 8);
  const connections = Number(process.argv[4] ?? 4);
  const stack = await startStack({ worker: false });
  try {
    const ds = stack.dataSource;
    const t0 = Date.now();
    // names of two or three characters; a tenth finished (a third of those rejected); one open task per active case,
    // a twentieth of them overdue (every district)
    await ds.query(
      `INSERT INTO cases (process_key, process_version, business_key, district, status, outcome, active_elements,
                          variables, created_at, finished_at)
       SELECT 'talent-review', 1, 'J01-2026-' || lpad(g::text, 6, '0'),
              ($2::text[])[1 + g % array_length($2::text[], 1)],
              CASE WHEN g % 10 = 0 THEN 'completed' ELSE 'active' END,
              CASE WHEN g % 10 = 0 THEN CASE WHEN g % 30 = 0 THEN 'rejected' ELSE 'approved' END END,
              CASE WHEN g % 10 = 0 THEN '{}'::text[] ELSE ARRAY['district-review'] END,
              jsonb_build_object('applicantName',
                ($3::text[])[1 + g % 10] || ($4::text[])[1 + (g / 10) % 15] ||
                CASE WHEN g % 3 = 0 THEN ($4::text[])[1 + (g / 150) % 15] ELSE '' END),
              now() - (g % 180) * interval '1 day',
              CASE WHEN g % 10 = 0 THEN now() - (g % 60) * interval '1 day' END
       FROM generate_series(1, $1::int) g`,
      [total, DISTRICTS, SURNAMES, GIVEN],
    );
    await ds.query(
      `INSERT INTO tasks (case_id, element_id, element_instance_key, name, candidate_groups, state, due_at, district,
                          process_key, created_at)
       SELECT c.id, 'district-review', 'k-' || c.business_key, 'district-review', ARRAY['district-reviewer'], 'open',
              CASE WHEN (substring(c.business_key from 10)::int / 3) % 20 = 1 THEN now() - interval '3 days'
                   ELSE now() + interval '10 days' END,
              c.district, c.process_key, c.created_at
       FROM cases c WHERE c.status = 'active'`,
    );
    await ds.query('VACUUM ANALYZE cases');
    await ds.query('VACUUM ANALYZE tasks');
    const seedSeconds = (Date.now() - t0) / 1000;

    const admin = await stack.login('admin');
    const lixia = await stack.login('lixia-reviewer');
    const runs: { name: string; path: string; token: string }[] = [
      { name: 'list page 1 (admin)', path: '/cases?page=1&pageSize=20', token: admin },
      { name: 'q=applicant name (admin)', path: `/cases?q=${encodeURIComponent('王娜')}`, token: admin },
      { name: 'q=business key piece (admin)', path: '/cases?q=2026-0123', token: admin },
      { name: 'overdue=true (lixia reviewer)', path: '/cases?overdue=true', token: lixia },
      {
        name: 'q + finished range (admin)',
        path: `/cases?q=${encodeURIComponent('张')}&finishedFrom=2000-01-01`,
        token: admin,
      },
      { name: 'stats/programmes (admin)', path: '/stats/programmes', token: admin },
      {
        name: 'stats/elements (lixia reviewer)',
        path: '/stats/programmes/talent-review/elements',
        token: lixia,
      },
      { name: 'stats/weekly (admin)', path: '/stats/weekly', token: admin },
    ];
    const rows: string[] = [];
    const load0 = os.loadavg()[0] ?? 0;
    for (const run of runs) {
      const probe = await stack.call('GET', run.path, run.token);
      if (probe.status !== 200) throw new Error(`${run.path} ${probe.status} ${JSON.stringify(probe.body)}`);
      const url = `${stack.base}${run.path}`;
      const headers = { authorization: `Bearer ${run.token}` };
      await autocannonProcess({ url, connections, duration: 2, headers }); // warm-up
      const cpu0 = stack.cpu();
      const r = await autocannonProcess({ url, connections, duration: seconds, headers });
      const cpu1 = stack.cpu();
      const per = (a: number, b: number) => +(((b - a) * 1000) / Math.max(1, r.requests.total)).toFixed(2);
      const total = typeof probe.body.total === 'number' ? `, total ${probe.body.total}` : '';
      rows.push(
        `${run.name}${total}: p50 ${r.latency.p50} ms / p99 ${r.latency.p99} ms, ${Math.round(r.requests.average)} req/s, ` +
          `CPU/request API ${per(cpu0.api, cpu1.api)} ms + PostgreSQL ${per(cpu0.postgres, cpu1.postgres)} ms, ` +
          `non-2xx ${r.non2xx}`,
      );
    }
    // one export of each format, ≤ 10,000 rows
    const exportPath = `/cases/export?q=${encodeURIComponent('王')}&status=active`;
    for (const format of ['csv', 'xlsx']) {
      const t = Date.now();
      const res = await fetch(`${stack.base}${exportPath}&format=${format}`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      const bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`export ${format} ${res.status}`);
      rows.push(
        `export ${format} (${res.headers.get('x-total-count')} rows): ${Date.now() - t} ms, ${Math.round(bytes / 1024)} KiB`,
      );
    }
    const load1 = os.loadavg()[0] ?? 0;
    const cmd = `npx tsx bench/api-case-search.bench.ts ${total} ${seconds} ${connections}`;
    console.log(`seeded ${total} cases in ${seedSeconds} s\n${rows.join('\n')}`);
    console.log(
      `\ncommand: ${cmd}\nmachine: ${machine()}\ndate: ${today()}\nload ${load0.toFixed(1)}→${load1.toFixed(1)}`,
    );
    if (process.env.EXPLAIN !== '0') {
      for (const sql of [
        `SELECT count(*) FROM cases c WHERE c.business_key ILIKE '%2026-0123%' OR (c.variables->>'applicantName') ILIKE '%王娜%'`,
        `SELECT count(*) FROM cases c WHERE c.district = 'lixia' AND EXISTS (SELECT 1 FROM tasks ot WHERE ot.case_id = c.id
           AND ot.state = 'open' AND ot.due_at < now())`,
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
