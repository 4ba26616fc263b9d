// Through the browser: an administrator fixes a failed case by editing a variable and retrying, and moves a case
// past a stuck step with a process modification. Chinese pages show no English, JSON or internal ids.
import type { Page } from 'playwright-core';
import { type UiPage, type UiStack, startUiStack } from '../support/browser';
import { mainContentProblems } from '../support/chinese-text-check';
import { payFirstTrancheXml, twoStepReviewXml } from './case-operations-fixtures';

jest.setTimeout(180_000);

let serial = 0;
/** A business key like the real ones (no Latin words on the page). */
const businessKey = () =>
  `YC-2026-${String(process.pid).slice(-3)}${String(Date.now()).slice(-5)}${++serial}`;

/** Reloads until `text` shows inside `testId` (the workflow may still be running the step). */
async function reloadUntil(page: Page, selector: string, text: string): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    if ((await page.locator(selector).getByText(text).count()) > 0) return;
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('[data-testid="case-status"]').waitFor();
  }
  throw new Error(`${text} never showed in ${selector}`);
}

/** Element ids, variable keys and the process keys must never show on a Chinese page. */
const INTERNAL_IDS = [
  'payFirst',
  'confirmReceipt',
  'districtReview',
  'orgApproval',
  'award',
  'applicantName',
];

/** Latin words, JSON or internal ids in the main content and in an open dialog. */
async function chineseProblems(page: Page, ids: string[] = []): Promise<string[]> {
  const problems = await mainContentProblems(page, 'main', [...INTERNAL_IDS, ...ids]);
  if ((await page.locator('dialog[open]').count()) > 0)
    problems.push(...(await mainContentProblems(page, 'dialog', [...INTERNAL_IDS, ...ids], 'dialog[open]')));
  return problems;
}

describe('UI: incidents and case operations (admin)', () => {
  let s: UiStack;
  let ui: UiPage;
  // process keys show on the case page: no Latin words in them either
  const payKey = `YC${process.pid}${Date.now() % 1_000_000}1`;
  const reviewKey = `YC${process.pid}${Date.now() % 1_000_000}2`;

  beforeAll(async () => {
    s = await startUiStack('ui-case-operations');
    await s.deploy(await payFirstTrancheXml(payKey));
    await s.deploy(await twoStepReviewXml(reviewKey));
  });
  afterEach(async () => {
    await ui?.close();
  });
  afterAll(async () => {
    await s?.close();
  });

  const start = async (processKey: string, variables: Record<string, unknown>) => {
    const key = businessKey();
    const res = await s
      .http()
      .post('/api/v1/cases')
      .set('Authorization', await s.as('admin'))
      .send({ processKey, businessKey: key, variables });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, businessKey: key };
  };
  const caseStatus = async (id: string) =>
    (
      await s
        .http()
        .get(`/api/v1/cases/${id}`)
        .set('Authorization', await s.as('admin'))
    ).body as { status: string; activeElements: string[] };

  it('given a failed payment, when an admin edits the award and retries, then the case moves on and the history says who changed what', async () => {
    const c = await start(payKey, { award: '十万元', district: 'lixia', applicantName: '王芳' });
    await s.eventually(
      () => caseStatus(c.id),
      (x) => x.status === 'failed',
    );

    ui = await s.open();
    const { page } = ui;
    await ui.login('admin');
    await page.getByRole('link', { name: '异常处理' }).click();
    await page.getByRole('heading', { level: 1, name: '异常处理' }).waitFor();
    const row = page.locator(`[data-testid="incidents-table"] tr[data-case="${c.businessKey}"]`);
    await row.waitFor();
    await row.getByText('拨付首笔资金').waitFor();
    await row.getByText('自动环节收到的数据不符合要求').waitFor();
    await page.getByLabel('项目').selectOption({ label: '资助资金拨付' });
    await row.waitFor();
    await ui.snap('incidents-list');
    expect(await chineseProblems(page, [payKey, reviewKey])).toEqual([]);

    // the English UI says the same in English
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await row.getByText('The automatic step received data it cannot use').waitFor();
    await ui.snap('incidents-list-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '异常处理' }).waitFor();

    await row.getByRole('link', { name: c.businessKey }).click();
    const ops = page.getByTestId('case-operations');
    await ops.getByText('自动环节收到的数据不符合要求').waitFor();
    await ui.snap('case-incident');
    expect(await chineseProblems(page, [payKey, reviewKey])).toEqual([]);

    await ops.getByRole('button', { name: '修改变量并重试' }).click();
    const dialog = page.getByTestId('retry-dialog');
    await dialog.waitFor();
    const award = dialog.getByLabel('资助金额', { exact: true });
    expect(await award.inputValue()).toBe('十万元');
    await award.fill('100000');
    // the award was written as text: the administrator sends it as a number
    await dialog.getByLabel('资助金额的类型').selectOption({ label: '数字' });
    // a district is a code: shown in words, not editable here
    await dialog.getByText('历下区（代码值，不能在此修改）').waitFor();
    await dialog.getByText('已修改').waitFor();
    await ui.snap('case-retry-dialog');
    expect(await chineseProblems(page, [payKey, reviewKey])).toEqual([]);
    await page.getByRole('button', { name: '保存并重试' }).click();
    await page.getByText('已重试，案件继续办理。').waitFor();

    await reloadUntil(page, '.current-at', '资金到账确认');
    await page.getByTestId('case-history').getByText('修改数据：资助金额').waitFor();
    expect(await page.getByTestId('case-operations').getByText('自动环节收到的数据不符合要求').count()).toBe(
      0,
    );
    await ui.snap('case-retried');
    expect(await chineseProblems(page, [payKey, reviewKey])).toEqual([]);
    expect(await caseStatus(c.id)).toMatchObject({ status: 'active', activeElements: ['confirmReceipt'] });
  });

  it('given a case stuck at the district review, when an admin ends it and activates the approval, then the case waits at the approval', async () => {
    const c = await start(reviewKey, { district: 'lixia', applicantName: '李明' });
    await s.eventually(
      () => caseStatus(c.id),
      (x) => x.activeElements.includes('districtReview'),
    );

    // a reviewer who sees the case has no operations
    ui = await s.open();
    await ui.login('lixia-reviewer');
    await ui.page.goto(`${s.baseUrl}/cases/${c.id}`);
    await ui.page.getByTestId('case-status').waitFor();
    expect(await ui.page.getByTestId('case-operations').count()).toBe(0);
    await ui.close();

    ui = await s.open();
    const { page } = ui;
    await ui.login('admin');
    await page.goto(`${s.baseUrl}/cases/${c.id}`);
    await page.getByRole('button', { name: '修改流程' }).click();
    const dialog = page.getByTestId('modify-dialog');
    await dialog.getByRole('checkbox', { name: '区县审核' }).check();
    await dialog.getByLabel('从以下环节继续').selectOption({ label: '组织部审批' });
    await ui.snap('case-modify-dialog');
    expect(await chineseProblems(page, [payKey, reviewKey])).toEqual([]);
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.getByText('流程已修改。').waitFor();

    await reloadUntil(page, '.current-at', '组织部审批');
    const history = page.getByTestId('case-history');
    await history.getByText('终止：区县审核').waitFor();
    await history.getByText('激活：组织部审批').waitFor();
    await ui.snap('case-modified');
    expect(await chineseProblems(page, [payKey, reviewKey])).toEqual([]);
    expect(await caseStatus(c.id)).toMatchObject({ status: 'active', activeElements: ['orgApproval'] });

    await page.getByRole('button', { name: '取消案件' }).click();
    const cancel = page.getByTestId('cancel-dialog');
    await cancel.getByLabel('取消原因').fill('申请人书面撤回申请');
    await ui.snap('case-cancel-dialog');
    await page.getByRole('button', { name: '确认取消案件' }).click();
    await page.getByText('案件已取消。').waitFor();
    await s.eventually(
      () => caseStatus(c.id),
      (x) => x.status === 'terminated',
    );
  });
});
