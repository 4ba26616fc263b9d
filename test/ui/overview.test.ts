// Through the browser, the overview (issue 14 item 2): a district reviewer finds an overdue case by searching the
// case list, and the dashboard's numbers — per programme and drawn on the diagram per stage — are the database's.
import { readFile } from 'node:fs/promises';
import type { Locator } from 'playwright-core';
import { type UiPage, type UiStack, startUiStack } from '../support/browser';
import { type El, userTask } from '../../processes/tools/bpmn-model.builder';
import { linearProcess, node } from './ui-fixtures';

jest.setTimeout(150_000);

const task = (id: string, name: string, group: string): El =>
  userTask(id, { name, groups: group, decisions: 'pass,reject', schedule: '=deadline' });

const KEY = 'overview-talent';
const xml = () =>
  linearProcess(KEY, '高层次人才认定', [
    node('startEvent', 'start', '提交申报'),
    task('districtReview', '区县审核', 'district-reviewer'),
    task('orgApproval', '组织部审批', 'org-department'),
    node('endEvent', 'done', '办结'),
  ]);
/** Polls `read` until it answers `want` (the page loads asynchronously) or 10 s pass; answers the last reading. */
async function settled<T>(read: () => Promise<T>, want: T): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = await read().catch(() => undefined as T);
    if (JSON.stringify(got) === JSON.stringify(want) || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
}
const textOf = (loc: Locator) => async () => (await loc.innerText({ timeout: 2000 })).trim();
const countOf = (loc: Locator) => () => loc.count();

const PAST = '2020-01-06T09:00:00+08:00';
const FUTURE = '2099-01-05T09:00:00+08:00';

describe('UI: overview', () => {
  let s: UiStack;
  let ui: UiPage;
  const cases: Record<string, { id: string; businessKey: string }> = {};

  beforeAll(async () => {
    s = await startUiStack('ui-overview');
    await s.deploy(await xml());
    // given: three Lixia cases (one overdue at district review, one waiting there in time, one already at the
    // organization department) and one Shizhong case at district review
    cases.late = await s.startCase(
      KEY,
      { district: 'lixia', applicantName: '张伟', deadline: PAST },
      'applicant1',
    );
    cases.onTime = await s.startCase(
      KEY,
      { district: 'lixia', applicantName: '张丽', deadline: FUTURE },
      'applicant1',
    );
    cases.forward = await s.startCase(
      KEY,
      { district: 'lixia', applicantName: '赵敏', deadline: FUTURE },
      'applicant1',
    );
    cases.other = await s.startCase(
      KEY,
      { district: 'shizhong', applicantName: '王强', deadline: FUTURE },
      'applicant1',
    );
    const [review] = await s.openTasks(cases.forward.id, 'lixia-reviewer');
    const done = await s
      .http()
      .post(`/api/v1/tasks/${review!.id}/complete`)
      .set('Authorization', await s.as('lixia-reviewer'))
      .send({ decision: 'pass', variables: {} });
    expect(done.status).toBe(200);
    await s.openTasks(cases.forward.id, 'orgdept1');
    for (const c of [cases.late, cases.onTime]) await s.openTasks(c!.id, 'lixia-reviewer');
    await s.openTasks(cases.other!.id, 'shizhong-reviewer');
  });
  afterEach(async () => {
    await ui?.close();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('given an overdue case among others, when the Lixia reviewer searches by name and picks 已逾期, then exactly that case is listed', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('lixia-reviewer');
    await page.goto(`${s.baseUrl}/cases`);
    const rows = page.locator('table.table tbody tr');
    await page.getByRole('link', { name: cases.other!.businessKey }).waitFor({ state: 'detached' });
    // when: the name, then the overdue filter
    const box = page.getByRole('searchbox', { name: '搜索' });
    await box.fill('张');
    await box.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === '张');
    await page.getByRole('link', { name: cases.late!.businessKey }).waitFor();
    await page.getByRole('link', { name: cases.onTime!.businessKey }).waitFor();
    await page.getByLabel('是否逾期').selectOption({ label: '已逾期' });
    await page.waitForURL((u) => u.searchParams.get('overdue') === 'true');
    // then: only the overdue one, with its applicant and the stage in words
    await page.getByRole('link', { name: cases.onTime!.businessKey }).waitFor({ state: 'detached' });
    expect(await settled(countOf(rows), 1)).toBe(1);
    const row = rows.first();
    await row.getByRole('link', { name: cases.late!.businessKey }).waitFor();
    await row.getByText('张伟', { exact: true }).waitFor();
    await row.getByText('区县审核').waitFor();
    await page.getByText('共 1 件').waitFor();
    await ui.snap('cases-search-overdue');
    // and: 导出 CSV downloads exactly what is listed, with a BOM and Chinese headings
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('案件编号');
    expect(lines[1]).toContain(cases.late!.businessKey);
    expect(lines[1]).toContain('张伟');
    // and: a search by a piece of the business key finds it too, not the Shizhong case the reviewer may not see
    await box.fill(cases.late!.businessKey.slice(-8));
    await box.press('Enter');
    await page.getByText('共 1 件').waitFor();
    await row.getByRole('link', { name: cases.late!.businessKey }).waitFor();
  });

  it('given cases in known stages, when the city reviewer opens 总览, then the numbers on the page are the database counts', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('city-reviewer1');
    await page.getByRole('link', { name: '总览' }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await page.getByRole('heading', { name: '总览' }).waitFor();
    // the database's own counts
    const [db] = (await s.database.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'active')::int AS active,
              count(*) FILTER (WHERE status = 'active' AND 'districtReview' = ANY(active_elements))::int AS review,
              count(*) FILTER (WHERE status = 'active' AND 'orgApproval' = ANY(active_elements))::int AS approval,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.state = 'open'
                AND t.element_id = 'districtReview' AND t.due_at < now()))::int AS overdue
         FROM cases c WHERE process_key = $1`,
      [KEY],
    )) as { active: number; review: number; approval: number; overdue: number }[];
    expect(db).toEqual({ active: 4, review: 3, approval: 1, overdue: 1 });
    // per programme: the row's 办理中 and 逾期 cells
    const row = page.locator(`tr[data-process-key="${KEY}"]`);
    await row.waitFor();
    const cells = row.locator('td');
    expect(await settled(textOf(cells.nth(1)), String(db!.active))).toBe(String(db!.active));
    expect(await settled(textOf(cells.nth(5)), String(db!.overdue))).toBe(String(db!.overdue));
    // on the diagram: one badge per stage and kind, drawn by bpmn-js overlays
    const badge = (el: string, kind: string) =>
      page.locator(`.rf-badge[data-element-id="${el}"][data-kind="${kind}"]`);
    expect(await settled(textOf(badge('districtReview', 'active')), String(db!.review))).toBe(
      String(db!.review),
    );
    expect(await settled(textOf(badge('orgApproval', 'active')), String(db!.approval))).toBe(
      String(db!.approval),
    );
    expect(await settled(textOf(badge('districtReview', 'overdue')), String(db!.overdue))).toBe(
      String(db!.overdue),
    );
    expect(await settled(countOf(badge('orgApproval', 'overdue')), 0)).toBe(0);
    // the badges sit on the drawn shapes
    await page.locator('.djs-element[data-element-id="districtReview"]').waitFor();
    // per stage table, in words
    const stage = page.locator('tr[data-element-id="districtReview"]');
    await stage.getByText('区县审核').waitFor();
    expect(await settled(textOf(stage.locator('td').nth(1)), String(db!.review))).toBe(String(db!.review));
    // the weekly chart: this week's started bar is the four cases
    const bars = page.locator('rect[data-series="started"]');
    expect(await settled(countOf(bars), 12)).toBe(12);
    expect(await settled(() => bars.last().getAttribute('data-value'), '4')).toBe('4');
    // a Chinese page: no English words, no element ids
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/[A-Za-z]{2,}/);
    await ui.snap('dashboard-city-reviewer');
  });

  it('given the Lixia reviewer, when they open 总览, then only Lixia counts; an applicant has no 总览 and the API refuses them', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('lixia-reviewer');
    await page.goto(`${s.baseUrl}/dashboard?processKey=${KEY}`);
    await page.getByText('范围：历下区').waitFor();
    const badge = (el: string, kind: string) =>
      page.locator(`.rf-badge[data-element-id="${el}"][data-kind="${kind}"]`);
    expect(await settled(textOf(badge('districtReview', 'active')), '2')).toBe('2');
    expect(await settled(textOf(badge('orgApproval', 'active')), '1')).toBe('1');
    await ui.snap('dashboard-district-reviewer');
    await ui.close();

    ui = await s.open();
    await ui.login('applicant1');
    expect(await settled(countOf(ui.page.getByRole('link', { name: '总览' })), 0)).toBe(0);
    expect(await settled(countOf(ui.page.getByRole('link', { name: '已办' })), 0)).toBe(0);
    const res = await s
      .http()
      .get('/api/v1/stats/programmes')
      .set('Authorization', await s.as('applicant1'));
    expect(res.status).toBe(403);
  });

  it('given a completed review, when the Lixia reviewer opens 已办, then the task, case and decision are listed', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('lixia-reviewer');
    await page.getByRole('link', { name: '已办' }).click();
    const row = page.locator('table.table tbody tr').first();
    await row.getByRole('link', { name: cases.forward!.businessKey }).waitFor();
    await row.getByText('区县审核').waitFor();
    await row.getByText('高层次人才认定').waitFor();
    await page.getByText('共 1 项').waitFor();
    await ui.snap('done-district-reviewer');
  });
});
