// Issue 13's "Done when": a J11b case (产业领军人才, 引进类) from the application to the first paid tranche through the
// browser alone. Every step is a user's click in the UI: the admin deploys the programme on the definitions page, the
// applicant applies on 我要申报, each reviewer completes their step from the inbox through the step's dialog (three
// experts score through the form, the organization department sets the grade), the publicity list is published and the
// working group's list decided on the Lists page, the three parties sign, and the case page shows the 40% tranche paid.
// The only API call is the dev clock (past the 5 working days of publicity).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { type UiPage, type UiStack, startUiStack } from '../support/browser';

jest.setTimeout(600_000);

const KEY = 'j11b-industry-leader-introduced';
const BPMN_FILE = path.resolve(__dirname, '..', '..', 'processes', `${KEY}.bpmn`);

/** The shipped J11b, whose start event links its declaration form (processes/forms/j11b-declaration.form). */
function j11bXml(): string {
  const xml = readFileSync(BPMN_FILE, 'utf8');
  const start = /<bpmn:startEvent id="start"[^>]*?(\/>|>[\s\S]*?<\/bpmn:startEvent>)/.exec(xml);
  if (!start?.[0].includes('camunda-forms:bpmn:j11b-declaration')) throw new Error('J11b has no start form');
  return xml;
}

/** Chinese pages: no English sentence, no JSON, no internal ids of the programme. */
async function expectChineseOnly(ui: UiPage, where: Locator, label: string) {
  const text = await where.innerText();
  const problems: string[] = [];
  if (/[{[]\s*"/.test(text)) problems.push('JSON');
  for (const id of [KEY, 'org-1', 'innovation-team', 'j11b-publish-list', 't1-agreement'])
    if (text.includes(id)) problems.push(`internal id ${id}`);
  const english = text.match(/\b[A-Za-z]{4,}(?:\s+[A-Za-z]{2,}){2,}/g);
  if (english) problems.push(...english.map((e) => `English: ${e}`));
  return { label, page: ui.page.url(), problems };
}

/** form-js's select: the display opens its dropdown list, an item is picked with the mouse. */
async function pick(form: Locator, label: string, option: string) {
  const field = form
    .locator('.fjs-form-field')
    .filter({ has: form.page().locator('label', { hasText: label }) });
  await field.locator('.fjs-select-display').click();
  await field.locator('.fjs-dropdownlist-item', { hasText: option }).click();
  await field.locator('.fjs-select-display', { hasText: option }).waitFor();
}

describe('UI: a J11b case from the application to the first paid tranche', () => {
  let s: UiStack;
  let ui: UiPage | undefined;
  let caseId = '';
  const textProblems: Awaited<ReturnType<typeof expectChineseOnly>>[] = [];

  // One journey in order: once a step fails, the later ones say so at once instead of waiting for what cannot come.
  let broken = false;
  const journey = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      if (broken) throw new Error('an earlier step of the journey failed');
      try {
        await fn();
      } catch (err) {
        broken = true;
        throw err;
      }
    });

  beforeAll(async () => {
    s = await startUiStack('ui-j11b');
  });
  afterEach(async () => {
    await ui?.close();
    ui = undefined;
  });
  afterAll(async () => {
    await ui?.close();
    await s?.close();
    if (textProblems.some((p) => p.problems.length))
      // Reported, not failed: the texts belong to the programme files and forms (see the report of issue 13).
      console.warn(`J11b journey, text problems on Chinese pages:\n${JSON.stringify(textProblems, null, 2)}`);
  });

  const as = async (user: string) => {
    await ui?.close();
    ui = await s.open();
    await ui.login(user);
    return ui;
  };

  /** Reloads `url` until `target` is there (the workflow moves on asynchronously). */
  const until = async (page: UiPage['page'], url: string, target: Locator, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await page.goto(url);
      try {
        await target.first().waitFor({ timeout: 3_000 });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  };

  /**
   * `user` opens the inbox, finds the case's task at `elementId`, opens the dialog, lets `fill` complete it, submits and
   * sees the row leave the inbox.
   */
  const step = async (
    user: string,
    elementId: string,
    shot: string,
    fill: (dialog: Locator) => Promise<void>,
  ) => {
    const me = await as(user);
    const { page } = me;
    const row = page
      .locator(`[data-testid="inbox-table"] tr[data-element-id="${elementId}"]`)
      .filter({ has: page.locator(`a[href="/cases/${caseId}"]`) })
      .first();
    await until(page, `${s.baseUrl}/inbox`, row);
    const taskId = await row.getAttribute('data-task-id');
    await row.getByRole('button', { name: /^办理/ }).click();
    const dialog = page.getByRole('dialog');
    await fill(dialog);
    await me.snap(`j11b-${shot}`);
    textProblems.push(await expectChineseOnly(me, dialog, shot));
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .locator(`[data-testid="inbox-table"] tr[data-task-id="${taskId}"]`)
      .waitFor({ state: 'detached' });
  };
  const decide = (label: string, comment?: string) => async (dialog: Locator) => {
    await dialog.getByRole('radio', { name: label, exact: true }).check();
    if (comment) await dialog.getByLabel('审核意见').fill(comment);
  };

  journey('the admin deploys J11b on the definitions page', async () => {
    const xml = j11bXml();
    const me = await as('admin');
    await me.page.goto(`${s.baseUrl}/definitions`);
    await me.page.locator('[data-testid="bpmn-dropzone"] input[type="file"]').setInputFiles({
      name: `${KEY}.bpmn`,
      mimeType: 'application/xml',
      buffer: Buffer.from(xml, 'utf8'),
    });
    await me.page
      .getByTestId('upload-result')
      .getByText(/已部署 .*版本 1。/)
      .waitFor({ timeout: 30_000 });
    await me.snap('j11b-00-deployed');
  });

  journey('applicant1 applies on 我要申报 through the start form', async () => {
    const me = await as('applicant1');
    const { page } = me;
    await page.getByRole('link', { name: '我要申报' }).click();
    await page.waitForURL(/\/cases\/new$/);
    await page.getByLabel('申报项目').selectOption(KEY);
    const form = page.getByTestId('start-form');
    await form.locator('.fjs-form-field').first().waitFor();
    // The shipped declaration form (processes/forms/j11b-declaration.form).
    await form.getByLabel('姓名').fill('王建国');
    await pick(form, '所属区县', '历下区');
    await pick(form, '引进单位', '济南市第一科技有限公司');
    await form.getByLabel('创新团队').check();
    await form.getByLabel('主要业绩与项目简介').fill('高端装备研发团队，拟在济南实现产业化。');
    await me.snap('j11b-01-apply');
    textProblems.push(await expectChineseOnly(me, page.locator('main'), 'apply'));
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('case-status').waitFor();
    await me.snap('j11b-02-applied-case');
  });

  journey('the district and the city check eligibility from their inboxes', async () => {
    expect(caseId).not.toBe('');
    await step(
      'lixia-reviewer',
      'districtFormalReview',
      '03-district-formal',
      decide('通过', '形式要件齐全。'),
    );
    await step(
      'lixia-reviewer',
      'districtOnSiteCheck',
      '04-district-onsite',
      decide('通过', '现场查验属实，区人才工作领导小组同意推荐。'),
    );
    await step('city-reviewer1', 'cityEligibility', '05-city-eligibility', decide('通过', '符合申报条件。'));
  });

  journey('three experts score through the score form', async () => {
    const scores: [string, number][] = [
      ['expert2', 82],
      ['expert3', 75],
      ['expert4', 88],
    ];
    for (const [expert, score] of scores)
      await step(expert, 'onlineReview', `06-score-${expert}`, async (dialog) => {
        const form = dialog.getByTestId('task-form');
        await form.getByLabel('综合评分（0–100）').fill(String(score));
        await form.getByLabel('创新能力与技术水平').fill('技术水平国内领先。');
        await form.getByLabel('产业化前景与经济效益').fill('产业化前景良好。');
        await form.getByLabel('团队结构与管理能力').fill('团队结构合理。');
      });
  });

  journey(
    'inspection, due diligence and the meeting review pass; the organization department grades B',
    async () => {
      await step(
        'expert2',
        'onSiteInspection',
        '07-onsite-inspection',
        decide('通过', '考察情况与申报一致。'),
      );
      await step(
        'city-reviewer1',
        'dueDiligence',
        '08-due-diligence',
        decide('未发现问题', '尽职调查未发现问题。'),
      );
      await step('expert3', 'meetingReview', '09-meeting-review', decide('通过', '同意推荐。'));
      await step('orgdept1', 'comprehensiveArgumentation', '10-grade', async (dialog) => {
        await dialog.getByRole('radio', { name: '建议支持', exact: true }).check();
        const form = dialog.getByTestId('task-form');
        await pick(form, '评定等级', 'B 类（领军）');
      });
    },
  );

  journey(
    'the organization department publishes the publicity list on the Lists page; publicity runs its 5 working days',
    async () => {
      const me = await as('orgdept1');
      const { page } = me;
      const row = page.getByTestId('lists-table').locator(`tr[data-case-id="${caseId}"]`);
      await until(page, `${s.baseUrl}/lists?processKey=${KEY}&elementId=waitPublicityList`, row);
      // nothing is preselected: the case goes on the list by a deliberate tick
      await row.getByRole('checkbox').check();
      await me.snap('j11b-11-publicity-list');
      textProblems.push(await expectChineseOnly(me, page.locator('main'), 'publicity list'));
      await page.getByTestId('lists-submit').click();
      await page.getByRole('dialog').getByRole('button', { name: '确认提交' }).click();
      await page
        .getByTestId('batch-results')
        .locator(`tr[data-case-id="${caseId}"][data-status="done"]`)
        .waitFor();
      await me.snap('j11b-12-publicity-published');

      // The only API call: the dev clock, past the publicity's 5 working days (a fortnight covers any weekend).
      const res = await s
        .http()
        .post('/api/v1/dev/time/advance')
        .set('Authorization', await s.as('admin'))
        .send({ duration: 'P14D' });
      expect(res.status).toBe(200);
    },
  );

  journey('the working group approves its list on the Lists page', async () => {
    const me = await as('orgdept1');
    const { page } = me;
    const row = page.getByTestId('lists-table').locator(`tr[data-case-id="${caseId}"]`);
    await until(page, `${s.baseUrl}/lists?processKey=${KEY}&elementId=workingGroupDecision`, row, 60_000);
    await row.getByRole('radio', { name: '批准' }).check();
    await me.snap('j11b-13-approval-list');
    textProblems.push(await expectChineseOnly(me, page.locator('main'), 'approval list'));
    await page.getByTestId('lists-submit').click();
    await page.getByRole('dialog').getByRole('button', { name: '确认提交' }).click();
    await page
      .getByTestId('batch-results')
      .locator(`tr[data-case-id="${caseId}"][data-status="done"]`)
      .waitFor();
    await me.snap('j11b-14-approved');
  });

  journey(
    'talent, employer and office sign the agreement; the case page shows the first 40% tranche paid',
    async () => {
      const sign = async (dialog: Locator) => {
        await dialog.getByTestId('task-form').getByLabel('已阅读协议全部条款并同意签署').check();
      };
      await step('applicant1', 'talentSigns', '15-talent-signs', sign);
      await step('employer1', 'employerSigns', '16-employer-signs', sign);
      await step('orgdept1', 'officeSigns', '17-office-signs', sign);

      // Innovation team, grade B: ¥2,000,000; 40% on the agreement.
      const me = await as('applicant1');
      const { page } = me;
      const ledger = page.getByTestId('case-payments');
      await until(page, `${s.baseUrl}/cases/${caseId}`, ledger.getByText('¥800,000.00'), 60_000);
      // The tranche in words, the amount in yuan, paid.
      const paid = ledger
        .locator('tr', { hasText: '第一笔（协议签订后）' })
        .filter({ hasText: '¥800,000.00' });
      await paid.getByText('已拨付').last().waitFor();
      // The case data in words: the track and the award, not their codes.
      const vars = page.locator('dl.kv-vars');
      expect(await vars.locator('[data-var="track"] dd').innerText()).toBe('创新团队');
      expect(await vars.locator('[data-var="award"] dd').innerText()).toBe('¥2,000,000.00');
      // the grade in the grade form's own words (issue 14 item 5)
      expect(await vars.locator('[data-var="grade"] dd').innerText()).toBe('B 类（领军）');
      await me.snap('j11b-18-first-tranche-paid');
      textProblems.push(await expectChineseOnly(me, page.locator('main'), 'case page'));
    },
  );
});
