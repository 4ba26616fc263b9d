import { type CaseApi, createCaseApi, fixtureXml } from './api-cases-support';

// Reads one sample from the Prometheus text: the sum over every series of `name` whose labels include `labels`.
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((p) => [p[1], p[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(m[3]);
  }
  return total;
}

describe('API metrics', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-metrics');
    await t.deploy(fixtureXml('user-task'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const scrape = async () => {
    const res = await t.http().get('/api/v1/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.text;
  };

  it('given a request, when scraped, then the latency histogram counts it by route and status', async () => {
    const before = await scrape();
    const route = '/api/v1/cases/:id';
    const labels = { route, status: '404' };
    await t
      .http()
      .get('/api/v1/cases/00000000-0000-4000-8000-000000000000')
      .set('Authorization', await t.as('admin'));
    const after = await scrape();
    expect(sample(after, 'reviewflow_http_request_duration_seconds_count', labels)).toBe(
      sample(before, 'reviewflow_http_request_duration_seconds_count', labels) + 1,
    );
  });

  it('given a case started and its task completed, when scraped, then workflow starts and completions by decision move', async () => {
    const before = await scrape();
    const c = await t.startCase('user-task', { district: 'lixia' });
    const [task] = await t.openTasks(c.id, 'city-reviewer1');
    const res = await t
      .http()
      .post(`/api/v1/tasks/${task!.id}/complete`)
      .set('Authorization', await t.as('city-reviewer1'))
      .send({ variables: { decision: 'reject' } });
    expect(res.status).toBe(200);
    const after = await scrape();
    const starts = { process_key: 'user-task' };
    expect(sample(after, 'reviewflow_workflow_starts_total', starts)).toBe(
      sample(before, 'reviewflow_workflow_starts_total', starts) + 1,
    );
    const reject = { decision: 'reject' };
    expect(sample(after, 'reviewflow_task_completions_total', reject)).toBe(
      sample(before, 'reviewflow_task_completions_total', reject) + 1,
    );
    expect(sample(after, 'reviewflow_task_completions_total', { decision: 'pass' })).toBe(
      sample(before, 'reviewflow_task_completions_total', { decision: 'pass' }),
    );
  });

  it('given a batch of three cases, when scraped, then the batch size histogram observed 3', async () => {
    const before = await scrape();
    const ghost = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const res = await t
      .http()
      .post('/api/v1/batches')
      .set('Authorization', await t.as('city-reviewer1'))
      .send({
        title: 'metrics',
        caseIds: [ghost(1), ghost(2), ghost(3)],
        action: { type: 'complete-task', elementId: 'review', variables: { decision: 'pass' } },
      });
    expect(res.status).toBe(201);
    const after = await scrape();
    const labels = { action: 'complete-task' };
    expect(sample(after, 'reviewflow_batch_size_count', labels)).toBe(
      sample(before, 'reviewflow_batch_size_count', labels) + 1,
    );
    expect(sample(after, 'reviewflow_batch_size_sum', labels)).toBe(
      sample(before, 'reviewflow_batch_size_sum', labels) + 3,
    );
  });

  it('given pending notifications, when scraped, then the outbox backlog gauge counts them at scrape time', async () => {
    const before = sample(await scrape(), 'reviewflow_outbox_backlog');
    // Due tomorrow, so no dispatcher drains them while the test looks.
    await t.database.dataSource.query(
      `INSERT INTO notifications (recipient, channel, template, idempotency_key, next_attempt_at)
       SELECT 'r', 'log', 'test', 'metrics-' || g || '-' || $1, now() + interval '1 day' FROM generate_series(1, 2) g`,
      [Date.now()],
    );
    expect(sample(await scrape(), 'reviewflow_outbox_backlog')).toBe(before + 2);
    await t.database.dataSource.query("DELETE FROM notifications WHERE template = 'test'");
    expect(sample(await scrape(), 'reviewflow_outbox_backlog')).toBe(before);
  });
});
