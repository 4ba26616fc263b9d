// The inbox's first render in headless Chromium with 1,000 open tasks visible to one reviewer (seeded by SQL), on
// the real stack (embedded PostgreSQL, temporal-lite, the API serving the built UI).
// `npx tsx bench/ui-inbox.bench.ts [tasks=1000] [runs=7]`
// Measured from navigation start (performance.timeOrigin) to: the first page of task rows in the DOM ("rows"), and
// every row of that page showing its case's business key ("complete": the per-case look-ups done).
import path from 'node:path';
import { type Page, chromium } from 'playwright-core';
import { ensureUiBuilt } from '../scripts/ui-build';
import { findChromium } from '../test/support/browser';
import { machine, startStack, today } from './api-stack';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function measure(
  page: Page,
  url: string,
  expectedRows: number,
): Promise<{ rows: number; complete: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  // Page-side expressions as strings: the project's tsconfig has no DOM types.
  const rowsSelector = '[data-testid="inbox-table"] tbody tr[data-task-id]';
  const rows = await page.waitForFunction(
    `document.querySelectorAll('${rowsSelector}').length >= ${expectedRows} ? performance.now() : false`,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  const complete = await page.waitForFunction(
    `[...document.querySelectorAll('${rowsSelector} a')].filter((a) => a.textContent.startsWith('bench-')).length >= ${expectedRows} ? performance.now() : false`,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return { rows: (await rows.jsonValue()) as number, complete: (await complete.jsonValue()) as number };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1000);
  const runs = Number(process.argv[3] ?? 7);
  const build = await ensureUiBuilt();
  const stack = await startStack({ worker: false });
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  try {
    await stack.deploy('review-pipeline.bpmn');
    const ds = stack.dataSource;
    await ds.query(
      `INSERT INTO cases (process_key, process_version, business_key, district, variables, active_elements, created_at)
       SELECT 'review-pipeline', 1, 'bench-' || lpad(g::text, 5, '0'), 'lixia',
              jsonb_build_object('district', 'lixia', 'applicantName', '申请人' || g), ARRAY['districtReview'],
              now() - (g % 30) * interval '1 day'
       FROM generate_series(1, $1::int) g`,
      [total],
    );
    // A tenth overdue, a tenth without a deadline, the rest due over the next six weeks.
    await ds.query(
      `INSERT INTO tasks (case_id, element_id, element_instance_key, name, candidate_groups, state, due_at, district,
                          process_key, created_at)
       SELECT c.id, 'districtReview', 'k-' || c.business_key, 'districtReview', ARRAY['district-reviewer'], 'open',
              CASE WHEN n % 10 = 0 THEN NULL ELSE now() + ((n * 7919) % 45 - 4) * interval '1 day' END,
              'lixia', 'review-pipeline', c.created_at
       FROM (SELECT id, business_key, created_at, row_number() OVER (ORDER BY business_key) AS n FROM cases) c`,
    );
    await ds.query('VACUUM ANALYZE cases');
    await ds.query('VACUUM ANALYZE tasks');

    const origin = stack.base.replace(/\/api\/v1$/, '');
    const token = await stack.login('lixia-reviewer');
    const visible = await stack.call('GET', '/tasks?state=open&pageSize=1', token);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        errors.push(msg.text());
    });
    page.on('response', (res) => {
      if (res.status() >= 400) errors.push(`HTTP ${res.status()} ${new URL(res.url()).pathname}`);
    });
    // Log in through the UI once; the session lives in sessionStorage for the tab.
    await page.goto(`${origin}/login`);
    await page.getByLabel('用户名').fill('lixia-reviewer');
    await page.getByLabel('密码').fill('demo');
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const pageRows = await page
      .locator('[data-testid="inbox-table"] tbody tr[data-task-id]')
      .count()
      .then(
        async (n) =>
          n ||
          (await page.waitForTimeout(2000),
          page.locator('[data-testid="inbox-table"] tbody tr[data-task-id]').count()),
      );

    // First run with an empty HTTP cache (new context, same login), then warm reloads.
    const cold = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const coldPage = await cold.newPage();
    await coldPage.goto(`${origin}/login`);
    const session = await page.evaluate<string>("sessionStorage.getItem('rf.session') ?? ''");
    await coldPage.evaluate(`sessionStorage.setItem('rf.session', ${JSON.stringify(session)})`);
    const coldRun = await measure(coldPage, `${origin}/inbox`, pageRows);
    await cold.close();

    const warm: { rows: number; complete: number }[] = [];
    for (let i = 0; i < runs; i++) warm.push(await measure(page, `${origin}/inbox`, pageRows));
    await page
      .screenshot({ path: path.join(__dirname, '..', 'test', 'artifacts', 'ui', 'bench-inbox.png') })
      .catch(() => undefined);

    const result = {
      date: today(),
      machine: machine(),
      tasksVisible: (visible.body as { total: number }).total,
      rowsOnFirstPage: pageRows,
      uiBuild: build.built ? `built in ${(build.ms / 1000).toFixed(1)} s` : 'cached',
      coldMs: { rows: Math.round(coldRun.rows), complete: Math.round(coldRun.complete) },
      warmMedianMs: {
        rows: Math.round(median(warm.map((w) => w.rows))),
        complete: Math.round(median(warm.map((w) => w.complete))),
      },
      warmMaxMs: {
        rows: Math.round(Math.max(...warm.map((w) => w.rows))),
        complete: Math.round(Math.max(...warm.map((w) => w.complete))),
      },
      consoleErrors: errors,
      goal: 'rows < 1000 ms',
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await stack.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
