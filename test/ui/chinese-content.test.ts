// Issue 14 items 5-8 in the browser: a real programme (J03a home-purchase subsidy) run to its payment on the skipped
// clock, then each role walks its main pages in Chinese — no Latin words, JSON or internal ids in the main content —
// the case page reads in order on the workflow clock, the bell shows the user's notifications and marks them read,
// and at 768 px the case page puts payments and tasks before the history.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { mainContentProblems } from '../support/chinese-text-check';
import { type UiPage, type UiStack, startUiStack } from '../support/browser';

jest.setTimeout(400_000);

const KEY = 'j03a-home-purchase-subsidy';
const XML = readFileSync(path.resolve(__dirname, '..', '..', 'processes', `${KEY}.bpmn`), 'utf8');
/** Ids of the programme a Chinese page must never show (process key, element ids, codes, accounts). */
const IDS = [
  KEY,
  'employerCheck',
  'propertyCheck',
  'waitPublicity',
  'verifyObjection',
  'payOneOff',
  'org-1',
  'one-off',
];
const MATCH = {
  marriage: 'match',
  talentCategory: 'match',
  degree: 'match',
  socialInsurance: 'match',
  netSigning: 'match',
};

describe('UI: Chinese content, one clock, the bell and the tablet layout', () => {
  let s: UiStack;
  let ui: UiPage | undefined;
  let paid = { id: '', businessKey: '' };
  let waiting = { id: '', businessKey: '' };
  const problems: string[] = [];

  const caseOf = async (id: string) =>
    (
      await s
        .http()
        .get(`/api/v1/cases/${id}`)
        .set('Authorization', await s.as('admin'))
    ).body as { status: string; activeElements: string[]; businessKey: string };
  const act = async (user: string, caseId: string, elementId: string, variables: Record<string, unknown>) => {
    const task = (await s.openTasks(caseId, user)).find((x) => x.elementId === elementId);
    if (!task) throw new Error(`${user} has no ${elementId} on ${caseId}`);
    const res = await s
      .http()
      .post(`/api/v1/tasks/${task.id}/complete`)
      .set('Authorization', await s.as(user))
      .send({ variables, comment: '材料齐全，同意。' });
    if (res.status !== 200)
      throw new Error(`complete ${elementId}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  /** Moves the skipped clock a day at a time until the case is where it should be. */
  const until = async (id: string, ok: (c: Awaited<ReturnType<typeof caseOf>>) => boolean, days = 40) => {
    for (let i = 0; i < days; i++) {
      const c = await s.eventually(
        () => caseOf(id),
        () => true,
      );
      if (ok(c)) return c;
      await s.temporal.sleep('1d');
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`case ${id} never got there: ${JSON.stringify(await caseOf(id))}`);
  };
  const start = async (degree: string) => {
    const res = await s
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await s.as('applicant1'))
      .send({
        processKey: KEY,
        variables: {
          district: 'lixia',
          applicantId: 'applicant1',
          applicantName: '李明',
          employerId: 'org-1',
          track: 'graduate',
          degree,
          purchasePriceFen: 900_000_00,
          dataChecks: MATCH,
        },
      });
    if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; businessKey: string };
  };

  beforeAll(async () => {
    s = await startUiStack('ui-content');
    await s.deploy(XML);
    // One case all the way to its one-off payment, with an objection found unfounded on the way; one left waiting.
    paid = await start('phd');
    waiting = await start('master');
    for (const c of [paid, waiting]) await act('employer1', c.id, 'employerCheck', { decision: 'submit' });
    await act('lixia-reviewer', paid.id, 'propertyCheck', { decision: 'pass' });
    await until(paid.id, (c) => c.activeElements.includes('waitPublicity'));
    const list = await s
      .http()
      .post('/api/v1/batches')
      .set('Authorization', await s.as('city-reviewer1'))
      .send({
        title: '本月公示名单',
        caseIds: [paid.id],
        action: { type: 'message', name: 'j03a-publicity-start' },
      });
    if (list.status !== 201) throw new Error(`batch: ${list.status} ${JSON.stringify(list.body)}`);
    await s.eventually(
      () => caseOf(paid.id),
      (c) => c.activeElements.some((e) => e !== 'waitPublicity'),
    );
    const objection = await s
      .http()
      .post(`/api/v1/cases/${paid.id}/objections`)
      .set('Authorization', await s.as('employer1'))
      .send({ reason: '申请人家庭在历城区另有住房。' });
    if (objection.status !== 201) throw new Error(`objection: ${objection.status}`);
    await act('lixia-reviewer', paid.id, 'verifyObjection', { decision: 'unfounded' });
    await until(paid.id, (c) => c.status === 'completed');
  });
  afterEach(async () => {
    await ui?.close();
    ui = undefined;
  });
  afterAll(async () => {
    await s?.close();
  });

  const visit = async (page: Page, url: string, ready: string) => {
    await page.goto(`${s.baseUrl}${url}`);
    await page.locator(ready).first().waitFor();
    // lazy parts (diagram, forms, countdowns) settle
    await page.waitForLoadState('networkidle');
  };

  it('given a paid case, when the applicant opens it, then the history, 立案 and the ledger read in order in Chinese', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('applicant1');
    await visit(page, `/cases/${paid.id}`, '[data-testid=case-history] li');
    await page.locator('[data-testid=case-payments]').getByText('已拨付').first().waitFor();
    await page.locator('.bjs-powered-by').waitFor({ state: 'attached' });
    // newest first: every time on the page follows the workflow clock
    const times = await page.locator('[data-testid=case-history] .tl-meta').allInnerTexts();
    const sorted = [...times].sort().reverse();
    expect(times).toEqual(sorted);
    const opened = await page.locator('#info dd').nth(2).innerText();
    expect(opened).toBe(times[times.length - 1]);
    const ledgerTime = await page.locator('[data-testid=case-payments] .cell-sub').last().innerText();
    expect(ledgerTime >= opened).toBe(true);
    // the watermark stays inside the diagram canvas
    const canvas = await page.locator('[data-testid=case-diagram] .bpmn-canvas').boundingBox();
    const mark = await page.locator('.bjs-powered-by').boundingBox();
    expect(mark && canvas).toBeTruthy();
    expect(mark!.y + mark!.height).toBeLessThanOrEqual(canvas!.y + canvas!.height + 1);
    expect(mark!.x + mark!.width).toBeLessThanOrEqual(canvas!.x + canvas!.width + 1);
    problems.push(...(await mainContentProblems(page, 'applicant case page', IDS)));
    await ui.snap('content-case-page-applicant');
    // scrolled: the sticky top bar is above the watermark
    // scrolled so that the watermark sits under the sticky top bar: the bar is what shows there
    // (page-side code as strings: the project's tsconfig has no DOM lib)
    const markTop = await page.evaluate<number>(
      `document.querySelector('.bjs-powered-by').getBoundingClientRect().top + window.scrollY`,
    );
    await page.evaluate(`window.scrollTo(0, ${markTop - 20})`);
    const box = await page.locator('.bjs-powered-by').boundingBox();
    const bar = await page.locator('.topbar').boundingBox();
    expect(box!.y).toBeLessThan(bar!.y + bar!.height);
    const onTop = await page.evaluate<boolean>(
      `document.elementFromPoint(${box!.x + box!.width / 2}, ${box!.y + box!.height / 2})?.closest('.topbar') !== null`,
    );
    expect(onTop).toBe(true);

    await visit(page, '/my-cases', 'tr[data-case-id]');
    problems.push(...(await mainContentProblems(page, 'my cases', IDS)));
    await ui.snap('content-my-cases');
  });

  it('given each role, when it walks its main pages in Chinese, then no Latin words, JSON or internal ids appear', async () => {
    const walks: [string, [string, string][]][] = [
      [
        'lixia-reviewer',
        [
          ['/inbox', '[data-testid=inbox-table] tr[data-task-id]'],
          ['/cases', 'main table'],
          [`/cases/${waiting.id}`, '[data-testid=case-history] li'],
          [`/cases/${paid.id}`, '[data-testid=case-history] li'],
        ],
      ],
      ['city-reviewer1', [['/lists', 'main select']]],
      ['finance1', [[`/cases/${paid.id}`, '[data-testid=case-payments]']]],
      ['orgdept1', [['/cases', 'main table']]],
      ['admin', [['/definitions', 'main table']]],
    ];
    for (const [user, pages] of walks) {
      ui = await s.open();
      await ui.login(user).catch(async (err: unknown) => {
        await ui?.page.screenshot({
          path: path.join(__dirname, '..', 'artifacts', 'ui', `content-login-${user}.png`),
        });
        throw err;
      });
      for (const [url, ready] of pages) {
        await visit(ui.page, url, ready);
        problems.push(...(await mainContentProblems(ui.page, `${user} ${url}`, IDS)));
        await ui.snap(`content-${user}-${url.split('/')[1]}${url.includes(paid.id) ? '-paid' : ''}`);
      }
      await ui.close();
      ui = undefined;
    }
    expect(problems).toEqual([]);
  });

  it('given a waiting task, when the district reviewer opens its completion dialog, then its decisions, form and case data are in Chinese', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('lixia-reviewer');
    await visit(page, '/inbox', '[data-testid=inbox-table] tr[data-task-id]');
    await page
      .getByRole('button', { name: /^办理: / })
      .first()
      .click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('[data-testid=case-data-readonly]').waitFor();
    await dialog.locator('[data-testid=task-form] .fjs-form-field').first().waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('高校毕业生');
    expect(await mainContentProblems(page, 'completion dialog', IDS, 'dialog[open]')).toEqual([]);
    await ui.snap('content-complete-dialog');
  });

  it('given notifications, when the applicant opens the bell and one of them, then it is read and the count drops', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('applicant1');
    await visit(page, '/my-cases', 'tr[data-case-id]');
    const count = page.locator('[data-testid=bell-count]');
    await count.waitFor();
    const before = Number(await count.innerText());
    expect(before).toBeGreaterThanOrEqual(2);
    await page.getByTestId('bell').click();
    const panel = page.getByTestId('bell-panel');
    await panel.getByText('资金已拨付').first().waitFor();
    await panel.getByText('公示开始').first().waitFor();
    problems.length = 0;
    problems.push(...(await mainContentProblems(page, 'bell', IDS, '[data-testid=bell-panel]')));
    expect(problems).toEqual([]);
    await ui.snap('content-bell-open');
    await panel.locator('li[data-read=false][data-event=payment-made] button').first().click();
    await page.waitForURL((u) => u.pathname === `/cases/${paid.id}`);
    await s.eventually(
      async () => Number((await count.innerText().catch(() => '0')) || '0'),
      (n) => n === before - 1,
    );
    await page.getByTestId('bell').click();
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await count.waitFor({ state: 'detached' });
    await ui.snap('content-bell-read');
  });

  it('given a tablet 768 px wide, when the case page opens, then payments and my tasks come before the history and nothing overflows', async () => {
    ui = await s.open({ viewport: { width: 768, height: 1024 } });
    const { page } = ui;
    await ui.login('finance1');
    await visit(page, `/cases/${paid.id}`, '[data-testid=case-payments]');
    const y = async (sel: string) => (await page.locator(sel).first().boundingBox())!.y;
    expect(await y('[data-testid=case-payments]')).toBeLessThan(await y('[data-testid=case-history]'));
    const overflow = await page.evaluate<number>(`document.documentElement.scrollWidth - window.innerWidth`);
    expect(overflow).toBeLessThanOrEqual(0);
    // no clipped cell in the payment tables
    const clipped = await page.evaluate<string[]>(
      `[...document.querySelectorAll('[data-testid=case-payments] td, [data-testid=case-payments] th')]
        .filter((c) => c.scrollWidth > c.clientWidth + 1)
        .map((c) => c.innerText)`,
    );
    expect(clipped).toEqual([]);
    await ui.snap('content-tablet-case-page');

    ui = await s.open({ viewport: { width: 768, height: 1024 } });
    await ui.login('lixia-reviewer');
    await visit(ui.page, `/cases/${waiting.id}`, '#tasks');
    const yy = async (sel: string) => (await ui!.page.locator(sel).first().boundingBox())!.y;
    expect(await yy('#tasks')).toBeLessThan(await yy('[data-testid=case-history]'));
    await ui.snap('content-tablet-case-tasks');
  });
});
