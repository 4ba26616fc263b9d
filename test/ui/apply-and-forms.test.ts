// Through the browser, as the users would: an applicant applies with an attachment on the 申报 page, an expert scores
// through the step's form in the inbox, and a rejected case shows as rejected (never green) in 我的申报.
import { type UiPage, type UiStack, startUiStack } from '../support/browser';
import { uniqueKey } from '../integration/api-cases-support';
import { endEvent, startEvent, userTask } from '../../processes/tools/bpmn-model.builder';
import { linearProcess } from './ui-fixtures';

jest.setTimeout(180_000);

const APPLY_FORM = {
  type: 'default',
  id: 'applyForm',
  schemaVersion: 16,
  components: [
    { type: 'textfield', key: 'applicantName', label: '姓名', validate: { required: true, maxLength: 50 } },
    {
      type: 'radio',
      key: 'category',
      label: '人才类别',
      values: [
        { label: 'A 类', value: 'A' },
        { label: 'B 类', value: 'B' },
      ],
      validate: { required: true },
    },
    { type: 'filepicker', key: 'diploma', label: '学历证明', validate: { required: true } },
  ],
};

const SCORE_FORM = {
  type: 'default',
  id: 'scoreForm',
  schemaVersion: 16,
  components: [
    { type: 'number', key: 'score', label: '评分（0–100）', validate: { required: true, min: 0, max: 100 } },
    { type: 'textarea', key: 'scoreComment', label: '评分意见' },
  ],
};

/** Declaration with an embedded start form, one expert score step with its own form, ending approved. */
const scoredXml = (key: string) =>
  linearProcess(
    key,
    '高层次人才认定（表单申报）',
    [
      startEvent('start', { name: '提交申报', form: 'applyForm' }),
      userTask('expertScore', { name: '专家评分', groups: 'expert', form: 'scoreForm' }),
      endEvent('approved', { name: '认定通过', outcome: 'approved' }),
    ],
    [
      { id: 'applyForm', schema: APPLY_FORM },
      { id: 'scoreForm', schema: SCORE_FORM },
    ],
  );

/** No start form; a city review whose end is a rejection. */
const rejectXml = (key: string) =>
  linearProcess(key, '购房补贴（复核）', [
    startEvent('start', { name: '提交申报' }),
    userTask('cityReview', { name: '市级复核', groups: 'city-reviewer', decisions: 'reject' }),
    endEvent('rejected', { name: '不予通过', outcome: 'rejected' }),
  ]);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('UI: applying with a form and attachments, scoring through a form, outcomes', () => {
  let s: UiStack;
  let ui: UiPage;
  const scoredKey = uniqueKey('ui-scored').replace(/[^A-Za-z0-9_-]/g, '_');
  const rejectKey = uniqueKey('ui-reject').replace(/[^A-Za-z0-9_-]/g, '_');
  let appliedCaseId = '';

  beforeAll(async () => {
    s = await startUiStack('ui-apply');
    await s.deploy(await scoredXml(scoredKey));
    await s.deploy(await rejectXml(rejectKey));
  });
  afterEach(async () => {
    await ui?.close();
  });
  afterAll(async () => {
    await s?.close();
  });

  const caseOf = async (id: string) =>
    (
      await s
        .http()
        .get(`/api/v1/cases/${id}`)
        .set('Authorization', await s.as('admin'))
    ).body as {
      status: string;
      outcome: string | null;
      activeElements: string[];
      variables: Record<string, unknown>;
    };

  it('given a programme open to applicants, when applicant1 fills its start form and attaches a PDF, then the case exists with the file', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('applicant1');
    await page.getByRole('link', { name: '我要申报' }).click();
    await page.waitForURL(/\/cases\/new$/);
    await page.getByLabel('申报项目').selectOption(scoredKey);
    const form = page.getByTestId('start-form');
    await form.getByLabel('姓名').waitFor();

    // Submitting empty: form-js's required checks, in Chinese.
    await page.getByRole('button', { name: '提交申报' }).click();
    await form.getByText('此项为必填项。').first().waitFor();
    expect(await page.getByText('Field is required.').count()).toBe(0);

    // Typing then clicking at once: with form-js's default text debounce the late text update wiped the radio.
    await form.getByLabel('姓名').fill('王芳');
    await form.getByLabel('A 类').check();
    const picker = form.locator('input[type="file"][data-field="diploma"]');
    // The visible, translated button opens the (hidden) native file chooser.
    const chooser = page.waitForEvent('filechooser');
    await form.getByRole('button', { name: '选择文件' }).click();
    await (await chooser).setFiles([]);
    // A file whose name says PDF but whose bytes are a script: refused by content, explained by its code.
    await picker.setInputFiles({
      name: '学历证明.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<script>x</script>'),
    });
    await form.getByText(/上传失败：不支持该文件类型/).waitFor();
    await ui.snap('apply-refused-type', [415]);

    await picker.setInputFiles({ name: '学历证明.pdf', mimeType: 'application/pdf', buffer: PDF });
    await form
      .locator('[data-testid="files-diploma"] li[data-attachment-id]')
      .getByText('学历证明.pdf')
      .waitFor();
    await ui.snap('apply-form', [415]);

    await page.getByRole('button', { name: '提交申报' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    appliedCaseId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('case-attachments').getByText('学历证明.pdf').waitFor();
    await ui.snap('apply-case-page', [415]);

    const c = await caseOf(appliedCaseId);
    expect(c.variables).toMatchObject({ applicantName: '王芳', category: 'A' });
    expect(Array.isArray(c.variables.diploma)).toBe(true);

    await page.getByRole('link', { name: '我的申报' }).click();
    const row = page.locator(`tr[data-case-id="${appliedCaseId}"]`);
    await row.getByText('办理中').waitFor();
    await ui.snap('my-applications-active', [415]);
  });

  it('given the applied case at expert scoring, when an expert scores through the form, then the score is validated, recorded and the case is approved', async () => {
    expect(appliedCaseId).not.toBe('');
    const [task] = await s.openTasks(appliedCaseId, 'expert2');
    ui = await s.open();
    const { page } = ui;
    await ui.login('expert2');
    await page.goto(`${s.baseUrl}/inbox`);
    const row = page.locator(`[data-testid="inbox-table"] tr[data-task-id="${task!.id}"]`);
    await row.getByRole('button', { name: /^办理/ }).click();
    const dialog = page.getByRole('dialog');
    const form = dialog.getByTestId('task-form');
    await form.getByLabel(/评分/).first().waitFor();
    // The applicant's data is shown, read-only.
    await dialog.getByTestId('case-data-readonly').getByText('王芳').waitFor();

    await form.getByLabel('评分（0–100）').fill('150');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await form.getByText('数值不能大于 100。').waitFor();
    await ui.snap('expert-score-invalid');

    await form.getByLabel('评分（0–100）').fill('86');
    await form.getByLabel('评分意见').fill('创新能力突出，成果转化前景好。');
    await ui.snap('expert-score-form');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await row.waitFor({ state: 'detached' });

    const done = await s.eventually(
      () => caseOf(appliedCaseId),
      (c) => c.status === 'completed',
    );
    expect(done.variables).toMatchObject({ score: 86, scoreComment: '创新能力突出，成果转化前景好。' });
    expect(done.outcome).toBe('approved');

    await ui.close();
    ui = await s.open();
    await ui.login('applicant1');
    await ui.page.goto(`${s.baseUrl}/my-cases`);
    const badge = ui.page.locator(`tr[data-case-id="${appliedCaseId}"] .badge`);
    await badge.getByText('已通过').waitFor();
    expect(await badge.getAttribute('class')).toContain('badge-success');
    await ui.snap('my-applications-approved');
  });

  it('given a case the city reviewer rejects, then the applicant sees it rejected in red, never green', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('applicant1');
    await page.goto(`${s.baseUrl}/cases/new`);
    await page.getByLabel('申报项目').selectOption(rejectKey);
    await page.getByText('该项目无需填写申报表，提交即可。').waitFor();
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await ui.close();

    const [task] = await s.openTasks(caseId, 'city-reviewer1');
    ui = await s.open();
    await ui.login('city-reviewer1');
    await ui.page.goto(`${s.baseUrl}/inbox`);
    const row = ui.page.locator(`[data-testid="inbox-table"] tr[data-task-id="${task!.id}"]`);
    await row.getByRole('button', { name: /^办理/ }).click();
    const dialog = ui.page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '不通过', exact: true }).check();
    await dialog.getByLabel('审核意见').fill('不符合申报条件。');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    const done = await s.eventually(
      () => caseOf(caseId),
      (c) => c.status === 'completed',
    );
    expect(done.outcome).toBe('rejected');
    await ui.close();

    ui = await s.open();
    await ui.login('applicant1');
    await ui.page.goto(`${s.baseUrl}/my-cases`);
    const badge = ui.page.locator(`tr[data-case-id="${caseId}"] .badge`);
    await badge.getByText('已驳回').waitFor();
    expect(await badge.getAttribute('class')).toContain('badge-danger');
    await ui.snap('my-applications-rejected');
    await ui.page.goto(`${s.baseUrl}/cases/${caseId}`);
    const status = ui.page.getByTestId('case-status').locator('.badge');
    await status.getByText('已驳回').waitFor();
    expect(await status.getAttribute('class')).not.toContain('badge-success');
    await ui.snap('case-rejected');
  });
});
