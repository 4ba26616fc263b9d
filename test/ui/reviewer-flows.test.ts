// Through the browser, the reviewers' daily work on the real stack: a district reviewer decides a task from the
// inbox, the case page shows where the case went, a four-eyes refusal is explained, and the organization department
// approves a list with one case left out.
import { type UiPage, type UiStack, startUiStack } from '../support/browser';
import { approvalXml, fourEyesXml } from './ui-fixtures';

jest.setTimeout(150_000);

describe('UI: reviewers at work', () => {
  let s: UiStack;
  let ui: UiPage;
  // Each test file has its own database, so plain keys cannot clash.
  const approvalKey = 'talent-approval';
  const fourEyesKey = 'district-four-eyes';

  beforeAll(async () => {
    s = await startUiStack('ui-reviewers');
    await s.deploy(await approvalXml(approvalKey));
    await s.deploy(await fourEyesXml(fourEyesKey));
  });
  afterEach(async () => {
    await ui?.close();
  });
  afterAll(async () => {
    await s?.close();
  });

  const caseAt = async (caseId: string, elementId: string) => {
    const auth = await s.as('admin');
    return s.eventually(
      async () =>
        (await s.http().get(`/api/v1/cases/${caseId}`).set('Authorization', auth)).body as {
          activeElements: string[];
        },
      (c) => c.activeElements?.includes(elementId),
    );
  };

  /** Completes a case's open task at `elementId` over the API, as `user`. */
  const completeViaApi = async (caseId: string, elementId: string, user: string, decision: string) => {
    const task = (await s.openTasks(caseId, user)).find((x) => x.elementId === elementId);
    if (!task) throw new Error(`no open ${elementId} task for ${user} on ${caseId}`);
    // Set-up only: a busy machine can time out an update (5xx); retry those with the same idempotency key.
    const send = async () =>
      s
        .http()
        .post(`/api/v1/tasks/${task.id}/complete`)
        .set('Authorization', await s.as(user))
        .set('Idempotency-Key', `setup-${task.id}`)
        .send({ variables: { decision }, comment: 'set up by the test' });
    let res = await send();
    for (let i = 0; i < 3 && res.status >= 500; i++) res = await send();
    if (res.status !== 200) throw new Error(`complete failed: ${res.status} ${JSON.stringify(res.body)}`);
  };

  it('given a case in district review, when the Lixia reviewer passes it from the inbox, then it leaves the inbox and the case page highlights the approval step', async () => {
    const c = await s.startCase(approvalKey, { district: 'lixia', applicantName: '张伟' }, 'applicant1');
    const [task] = await s.openTasks(c.id, 'lixia-reviewer');
    ui = await s.open();
    const { page } = ui;
    // The inbox row shows its case from GET /tasks alone: no per-row case look-up.
    const caseReads: string[] = [];
    // bpmn-js is a lazy chunk: the login page and the inbox must not download it.
    const diagramChunks: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (/\/api\/v1\/cases\/[^/?]+$/.test(path)) caseReads.push(r.url());
      if (path.includes('/assets/bpmn-js-lib')) diagramChunks.push(path);
    });
    await ui.login('lixia-reviewer');
    await page.goto(`${s.baseUrl}/inbox`);
    const row = page.locator(`[data-testid="inbox-table"] tr[data-task-id="${task!.id}"]`);
    await row.waitFor();
    await row.getByRole('link', { name: c.businessKey, exact: true }).waitFor();
    await row.getByText('人才项目评审（区县审核与组织部审批）').waitFor();
    // The applicant's name too, from the case's applicantName variable that GET /tasks carries.
    await row.getByText('张伟', { exact: true }).waitFor();
    expect(caseReads).toEqual([]);
    await ui.snap('inbox-district-reviewer');

    await row.getByRole('button', { name: /^办理/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '通过', exact: true }).check();
    await dialog.getByLabel('审核意见').fill('材料齐全，符合申报条件。');
    // Case data is read-only (this step has no form and no rf:writes), under Chinese labels, not variable names.
    const applicantRow = dialog.getByTestId('case-data-readonly').locator('[data-var="applicantName"]');
    expect(await applicantRow.locator('dt').innerText()).toBe('申请人');
    expect(await applicantRow.locator('dd').innerText()).toBe('张伟');
    expect(await dialog.getByRole('textbox', { name: '申请人', exact: true }).count()).toBe(0);
    expect(await dialog.getByText('applicantName', { exact: true }).count()).toBe(0);
    await ui.snap('inbox-complete-dialog');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await row.waitFor({ state: 'detached' });

    expect(diagramChunks).toEqual([]);

    await caseAt(c.id, 'orgApproval');
    await page.goto(`${s.baseUrl}/cases/${c.id}`);
    const diagram = page.getByTestId('case-diagram');
    await diagram.locator('.djs-element.rf-hl-active[data-element-id="orgApproval"]').waitFor();
    await diagram.locator('.djs-element.rf-hl-done[data-element-id="districtReview"]').waitFor();
    expect(await diagram.locator('.djs-element.rf-hl-active[data-element-id="districtReview"]').count()).toBe(
      0,
    );
    // the actor by office (issue 14 item 5: no account names)
    await page.getByTestId('case-history').getByText('区县审核员 · 历下区').first().waitFor();
    expect(diagramChunks.length).toBeGreaterThan(0);
    // The case data card: labelled names; decision and district values in words.
    const vars = page.locator('dl.kv-vars');
    const varRow = (name: string) => vars.locator(`[data-var="${name}"]`);
    expect(await varRow('applicantName').locator('dt').innerText()).toBe('申请人');
    expect(await varRow('decision').locator('dt').innerText()).toBe('审核结论');
    expect(await varRow('decision').locator('dd').innerText()).toBe('通过');
    expect(await varRow('district').locator('dd').innerText()).toBe('历下区');
    await ui.snap('case-page');
  });

  it('given a reviewer who did the first check, then the four-eyes sign-off is not offered to her; and a task done meanwhile in another tab is refused in plain words, by its code', async () => {
    const c = await s.startCase(fourEyesKey, { district: 'lixia', applicantName: '李娜' }, 'applicant1');
    await completeViaApi(c.id, 'districtReview', 'lixia-reviewer', 'pass');
    await caseAt(c.id, 'districtSignoff');
    const other = await s.startCase(fourEyesKey, { district: 'lixia', applicantName: '赵磊' }, 'applicant1');
    const [review] = await s.openTasks(other.id, 'lixia-reviewer');
    ui = await s.open();
    const { page } = ui;
    await ui.login('lixia-reviewer');
    await page.goto(`${s.baseUrl}/inbox`);
    const row = page.locator(`[data-testid="inbox-table"] tr[data-task-id="${review!.id}"]`);
    await row.waitFor();
    // Four-eyes: the sign-off of the case she checked first is not in her inbox at all.
    expect(
      await page.locator('[data-testid="inbox-table"] tr[data-element-id="districtSignoff"]').count(),
    ).toBe(0);

    await row.getByRole('button', { name: /^办理/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '通过', exact: true }).check();
    // Meanwhile the same task is completed elsewhere (another tab): the dialog's submit is refused with TASK_NOT_OPEN.
    await completeViaApi(other.id, 'districtReview', 'lixia-reviewer', 'pass');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    const refusal = dialog.getByTestId('complete-error');
    await refusal.waitFor();
    // Plain words chosen by the error code, not the raw API message.
    expect(await refusal.locator('strong').innerText()).toBe(
      '该任务已由他人办理完毕或已不再处于待办状态，请刷新列表。',
    );
    await ui.snap('inbox-task-already-done', [409]);
  });

  it('given three cases waiting for approval, when the organization department approves the list with one case left out, then two are approved and one still waits', async () => {
    const cases = [];
    for (const applicant of ['王芳', '刘洋', '陈静']) {
      const c = await s.startCase(approvalKey, { district: 'lixia', applicantName: applicant }, 'applicant1');
      await completeViaApi(c.id, 'districtReview', 'lixia-reviewer', 'pass');
      cases.push(c);
    }
    for (const c of cases) await caseAt(c.id, 'orgApproval');
    const [kept, excluded, alsoKept] = cases as [(typeof cases)[0], (typeof cases)[0], (typeof cases)[0]];

    ui = await s.open();
    const { page } = ui;
    await ui.login('orgdept1');
    await page.goto(`${s.baseUrl}/lists`);
    await page.getByLabel('流程').selectOption(approvalKey);
    await page.getByLabel('环节').selectOption('orgApproval');
    const table = page.getByTestId('lists-table');
    for (const c of cases) await table.locator(`tr[data-case-id="${c.id}"]`).waitFor();
    await table
      .locator(`tr[data-case-id="${excluded.id}"]`)
      .getByRole('radio', { name: '不纳入本批' })
      .check();
    for (const c of [kept, alsoKept])
      await table.locator(`tr[data-case-id="${c.id}"]`).getByRole('radio', { name: '批准' }).check();
    await ui.snap('lists-approval');

    await page.getByTestId('lists-submit').click();
    await page.getByRole('dialog').getByRole('button', { name: '确认提交' }).click();
    const results = page.getByTestId('batch-results');
    for (const c of [kept, alsoKept])
      await results.locator(`tr[data-case-id="${c.id}"][data-status="done"]`).waitFor();
    expect(await results.locator(`tr[data-case-id="${excluded.id}"]`).count()).toBe(0);
    await ui.snap('lists-results');

    const auth = await s.as('admin');
    for (const c of [kept, alsoKept])
      await s.eventually(
        async () =>
          (await s.http().get(`/api/v1/cases/${c.id}`).set('Authorization', auth)).body as { status: string },
        (x) => x.status === 'completed',
      );
    const left = (await s.http().get(`/api/v1/cases/${excluded.id}`).set('Authorization', auth)).body as {
      status: string;
      activeElements: string[];
    };
    expect(left).toMatchObject({ status: 'active', activeElements: ['orgApproval'] });
  });
});
