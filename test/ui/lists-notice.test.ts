// Through the browser: the organization department publishes a publicity list with a comment (the period computed
// from the holiday calendar shown first), the list becomes a numbered notice that prints and exports to Excel, the
// applicant reads the comment in the case history, and an objection is verified with its text, author and date in
// the dialog and its finding on the case page.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator } from 'playwright-core';
import { ARTIFACTS, type UiPage, type UiStack, startUiStack } from '../support/browser';
import { publicityXml, revocableXml } from './lists-fixtures';

jest.setTimeout(180_000);

const LIST_COMMENT = '经审核，以下人选符合认定条件，现予公示。';
const OWN_COMMENT = '材料齐全，拟予认定。';
const OBJECTION = '该申请人的学历证明存疑，请核实。';

/** No English sentence, JSON or internal id on a Chinese page. */
async function expectChineseOnly(where: Locator, ids: string[]) {
  const text = await where.innerText();
  const problems: string[] = [];
  if (/[{[]\s*"/.test(text)) problems.push('JSON');
  for (const id of ids) if (text.includes(id)) problems.push(`internal id ${id}`);
  const english = text.match(/\b[A-Za-z]{4,}(?:\s+[A-Za-z]{2,}){2,}/g);
  if (english) problems.push(...english.map((e) => `English: ${e}`));
  if (/[0-9a-f]{8}-[0-9a-f]{4}-/.test(text)) problems.push('UUID');
  expect(problems).toEqual([]);
}

describe('UI: a publicity list as a notice', () => {
  let s: UiStack;
  let ui: UiPage | undefined;
  const KEY = 'talent-publicity';
  const REVOCABLE = 'leader-support';
  let cases: { id: string; businessKey: string }[] = [];
  let recordId = '';

  beforeAll(async () => {
    s = await startUiStack('ui-lists-notice');
    await s.deploy(await publicityXml(KEY));
    await s.deploy(await revocableXml(REVOCABLE));
    cases = [
      await s.startCase(KEY, { district: 'lixia', applicantName: '张伟' }, 'applicant1'),
      await s.startCase(KEY, { district: 'shizhong', applicantName: '李娜' }, 'applicant1'),
    ];
    const auth = await s.as('admin');
    for (const c of cases)
      await s.eventually(
        async () =>
          (await s.http().get(`/api/v1/cases/${c.id}`).set('Authorization', auth)).body as {
            activeElements?: string[];
          },
        (x) => x.activeElements?.includes('waitList') ?? false,
      );
  });
  afterEach(async () => {
    await ui?.close();
    ui = undefined;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('given two applications waiting for the list, when the organization department publishes it with a comment, then a numbered notice prints and exports to Excel', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('orgdept1');
    await page.goto(`${s.baseUrl}/lists?processKey=${KEY}&elementId=waitList`);
    const table = page.getByTestId('lists-table');
    for (const c of cases) await table.locator(`tr[data-case-id="${c.id}"]`).waitFor();
    // nothing is preselected
    expect(await page.getByTestId('lists-submit').isDisabled()).toBe(true);
    // the period the list will open, from the holiday calendar, before publishing
    const period = page.getByTestId('publicity-period').first();
    await period.waitFor();
    expect(await period.innerText()).toMatch(
      /^公示期：\d{4}年\d{1,2}月\d{1,2}日至\d{4}年\d{1,2}月\d{1,2}日（5个工作日/,
    );
    for (const c of cases) await table.locator(`tr[data-case-id="${c.id}"]`).getByRole('checkbox').check();
    await table.locator(`tr[data-case-id="${cases[1]!.id}"]`).getByTestId('case-comment').fill(OWN_COMMENT);
    await page.getByLabel('名单名称').fill('2026年人才认定公示名单');
    await page.getByTestId('list-comment').fill(LIST_COMMENT);
    // (the test's business keys contain the process key, so only element ids and UUIDs are looked for)
    await expectChineseOnly(page.locator('main'), ['waitList', `${KEY}-publicity`]);
    await ui.snap('lists-publish-with-comment');

    await page.getByTestId('lists-submit').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('publicity-period').waitFor();
    await dialog.getByText(`名单意见：${LIST_COMMENT}`).waitFor();
    await ui.snap('lists-publish-confirm');
    await dialog.getByTestId('lists-confirm').click();
    const results = page.getByTestId('batch-results');
    for (const c of cases) await results.locator(`tr[data-case-id="${c.id}"][data-status="done"]`).waitFor();
    const link = page.getByTestId('list-record-link');
    expect(await link.innerText()).toMatch(/已生成名单记录 〔\d{4}〕第\d+号/);
    await ui.snap('lists-published');

    // the notice
    await link.getByRole('link').click();
    const notice = page.getByTestId('list-notice');
    await notice.waitFor();
    recordId = page.url().split('/').pop() ?? '';
    expect(await notice.locator('h1').innerText()).toBe('2026年人才认定公示名单');
    const number = await notice.locator('.notice-number').innerText();
    expect(number).toMatch(/^〔\d{4}〕第\d+号$/);
    await notice.getByText(`意见：${LIST_COMMENT}`).waitFor();
    await notice.getByText(/^公示期：.*（5个工作日）/).waitFor();
    const rows = notice.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    // in the order of the list page; numbered 1, 2
    expect((await rows.locator('td:first-child').allInnerTexts()).sort()).toEqual(['1', '2']);
    const cells = async (businessKey: string) =>
      (await notice.locator(`tr[data-business-key="${businessKey}"] td`).allInnerTexts()).slice(1);
    expect(await cells(cases[0]!.businessKey)).toEqual([
      cases[0]!.businessKey,
      '张伟',
      '历下区',
      LIST_COMMENT,
    ]);
    expect(await cells(cases[1]!.businessKey)).toEqual([
      cases[1]!.businessKey,
      '李娜',
      '市中区',
      OWN_COMMENT,
    ]);
    await expectChineseOnly(page.locator('main'), ['waitList', `${KEY}-publicity`]);
    await ui.snap('list-notice');

    // print: the browser's print, and in print media only the sheet
    type Printable = { printed: number; print: () => void };
    await page.evaluate(() => {
      const w = globalThis as unknown as Printable;
      w.printed = 0;
      w.print = () => {
        w.printed += 1;
      };
    });
    await page.getByTestId('notice-print').click();
    expect(await page.evaluate(() => (globalThis as unknown as Printable).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByTestId('notice-export').isVisible()).toBe(false);
    expect(await notice.isVisible()).toBe(true);
    await ui.snap('list-notice-print');
    await page.emulateMedia({ media: 'screen' });

    // export: the downloaded workbook holds the same notice
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('notice-export').click(),
    ]);
    const file = path.join(ARTIFACTS, 'list-notice.xlsx');
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(file)) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('公示名单');
    const text = (sheet.getSheetValues().filter(Boolean) as unknown[][]).map((row) => [
      ...new Set(row.filter((c) => c !== undefined && c !== null).map(String)),
    ]);
    expect(text[0]).toEqual(['2026年人才认定公示名单']);
    expect(text[1]).toEqual([`编号：${number}`]);
    expect(text.some((r) => /^公示期：.*（5个工作日）$/.test(r[0] ?? ''))).toBe(true);
    expect(text).toContainEqual([`意见：${LIST_COMMENT}`]);
    const header = text.findIndex((r) => r[0] === '序号');
    expect(text[header]).toEqual(['序号', '案件编号', '申请人', '区县', '意见']);
    expect(
      text
        .slice(header + 1)
        .map((r) => r.slice(1))
        .sort(),
    ).toEqual(
      [
        [cases[0]!.businessKey, '张伟', '历下区', LIST_COMMENT],
        [cases[1]!.businessKey, '李娜', '市中区', OWN_COMMENT],
      ].sort(),
    );

    // and the records list names it
    await page.goto(`${s.baseUrl}/lists/records`);
    await page
      .getByTestId('list-records')
      .locator(`tr[data-record-id="${recordId}"]`)
      .getByText(number)
      .waitFor();
    await ui.snap('list-records');
  });

  it('given the published list, when the applicant opens her case, then its history shows the list and its comment', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('applicant1');
    await page.goto(`${s.baseUrl}/cases/${cases[1]!.id}`);
    const history = page.getByTestId('case-history');
    await history.getByText(`意见：${OWN_COMMENT}`).waitFor();
    await history
      .getByText(/〔\d{4}〕第\d+号/)
      .first()
      .waitFor();
    expect(await history.getByText(LIST_COMMENT).count()).toBe(0);
    await expectChineseOnly(history, ['waitList', `${KEY}-publicity`]);
    await ui.snap('applicant-history-list-comment');
    // the working group's records are not the applicant's to read
    const res = await s
      .http()
      .get(`/api/v1/lists/${recordId}`)
      .set('Authorization', await s.as('applicant1'));
    expect(res.status).toBe(403);
  });

  it('given an objection during publicity, when the city reviewer verifies it, then the dialog shows text, author and date, and the case page shows the finding and who made it', async () => {
    const c = cases[0]!;
    const filed = await s
      .http()
      .post(`/api/v1/cases/${c.id}/objections`)
      .set('Authorization', await s.as('expert2'))
      .send({ reason: OBJECTION });
    expect(filed.status).toBe(201);
    const [task] = await s.openTasks(c.id, 'city-reviewer1');
    ui = await s.open();
    const { page } = ui;
    await ui.login('city-reviewer1');
    await page.goto(`${s.baseUrl}/inbox`);
    const row = page.locator(`[data-testid="inbox-table"] tr[data-task-id="${task!.id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: /^办理/ }).click();
    const dialog = page.getByRole('dialog');
    const objections = dialog.getByTestId('task-objections');
    await objections.getByText(OBJECTION).waitFor();
    const meta = await objections.locator('.tl-meta').first().innerText();
    // the author by office, the account in its tooltip (the API names objectors to reviewers only)
    expect(meta).toMatch(/^提出人 评审专家 · \d{4}/);
    expect(await objections.locator('.tl-meta span[title="expert2"]').count()).toBe(1);
    await ui.snap('objection-verify-dialog');
    await dialog.getByRole('radio', { name: '异议不成立', exact: true }).check();
    await dialog.getByLabel('审核意见').fill('经核实，学历证明真实有效。');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await row.waitFor({ state: 'detached' });

    await page.goto(`${s.baseUrl}/cases/${c.id}`);
    const finding = page.locator('#objections').getByTestId('objection-finding');
    await finding.and(page.locator('[data-finding="unfounded"]')).waitFor();
    expect(await finding.innerText()).toMatch(/^异议不成立 · 核查人 市级审核员 · /);
    await ui.snap('objection-card-finding');
  });

  it('given a supported case, when the organization department revokes it with claw-back from the case page, then a reason is required first and the case ends revoked; a city reviewer is not offered it', async () => {
    const c = await s.startCase(REVOCABLE, { district: 'lixia', applicantName: '王强' }, 'applicant1');
    await s.openTasks(c.id, 'city-reviewer1');
    ui = await s.open();
    const { page } = ui;
    await ui.login('city-reviewer1');
    await page.goto(`${s.baseUrl}/cases/${c.id}`);
    await page.getByTestId('case-history').waitFor();
    await page.locator('#variables').waitFor();
    expect(await page.getByTestId('revoke-open').count()).toBe(0);
    await ui.close();

    ui = await s.open();
    const org = ui.page;
    await ui.login('orgdept1');
    const sent: string[] = [];
    org.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/messages')) sent.push(r.postData() ?? '');
    });
    await org.goto(`${s.baseUrl}/cases/${c.id}`);
    await org.getByTestId('revoke-open').click();
    const dialog = org.getByRole('dialog');
    await dialog.getByTestId('revoke-confirm').click();
    await dialog.getByText('请填写取消理由。').waitFor();
    expect(sent).toEqual([]);
    await dialog.getByTestId('revoke-reason').fill('经查，该人选已将主要业务迁出本市。');
    await dialog.getByTestId('revoke-clawback').check();
    await ui.snap('case-revoke-dialog');
    await dialog.getByTestId('revoke-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    expect(sent.map((b) => JSON.parse(b) as object)).toEqual([
      {
        name: `${REVOCABLE}-revoke`,
        correlationKey: c.businessKey,
        variables: { revocationReason: '经查，该人选已将主要业务迁出本市。', clawback: true },
      },
    ]);
    const auth = await s.as('admin');
    const ended = await s.eventually(
      async () =>
        (await s.http().get(`/api/v1/cases/${c.id}`).set('Authorization', auth)).body as {
          status: string;
          outcome?: string;
          variables: Record<string, unknown>;
        },
      (x) => x.status === 'completed',
    );
    expect(ended.outcome).toBe('revoked');
    expect(ended.variables).toMatchObject({ clawback: true });
    await org.reload();
    await org.getByTestId('case-status').waitFor();
    expect(await org.getByTestId('revoke-open').count()).toBe(0);
    await ui.snap('case-revoked');
  });
});
