// Through the browser: login, the language switch, and the admin pages (definitions upload and versions, calendar).
import { CaseEntity } from '../../db/entities/case.entity';
import { type UiPage, type UiStack, startUiStack } from '../support/browser';
import { uniqueKey } from '../integration/api-cases-support';
import { startEvent } from '../../processes/tools/bpmn-model.builder';
import { approvalXml, invalidXml, linearProcess, node, userTask } from './ui-fixtures';

jest.setTimeout(120_000);

describe('UI: login, language and the admin pages', () => {
  let s: UiStack;
  let ui: UiPage;

  beforeAll(async () => {
    s = await startUiStack('ui-admin');
  });
  afterEach(async () => {
    await ui?.close();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('given the login page, when admin logs in with a wrong then the right password, then the app opens in Chinese', async () => {
    ui = await s.open();
    const { page } = ui;
    await page.goto(`${s.baseUrl}/definitions`);
    await page.waitForURL(/\/login/);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await ui.snap('login');

    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong');
    await page.locator('form button[type="submit"]').click();
    await page.getByText('用户名或密码不正确。').waitFor();
    await ui.snap('login-refused', [401]);

    await page.getByLabel('密码').fill('demo');
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByRole('link', { name: '流程定义' }).click();
    await page.getByRole('heading', { level: 1, name: '流程定义' }).waitFor();
    expect(await page.getByRole('link', { name: '流程定义' }).getAttribute('aria-current')).toBe('page');
  });

  it('given Chinese by default, when switching to English and reloading, then the page stays in English', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('admin');
    await page.goto(`${s.baseUrl}/calendar`);
    await page.getByRole('heading', { level: 1, name: '工作日历' }).waitFor();

    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Working-day calendar' }).waitFor();
    expect(await page.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Working-day calendar' }).waitFor();
    await page.getByRole('heading', { name: 'Years with data' }).waitFor();
    await ui.snap('calendar-en');

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '工作日历' }).waitFor();
  });

  it('given an invalid BPMN file, when uploaded, then each offending element is red on the diagram with its message', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('admin');
    await page.goto(`${s.baseUrl}/definitions`);
    const key = uniqueKey('ui-invalid');
    await page.locator('[data-testid="bpmn-dropzone"] input[type="file"]').setInputFiles({
      name: 'bad.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(await invalidXml(key)),
    });

    const errors = page.getByTestId('upload-errors');
    await errors.waitFor();
    await errors.getByText('部署被拒绝：bad.bpmn').waitFor();
    for (const id of ['review', 'paperCheck']) {
      await errors.locator(`tr[data-element-id="${id}"]`).waitFor();
      // bpmn-js marks the shape's group; the message is an overlay on that element.
      await page
        .locator(`[data-testid="rejected-diagram"] .djs-element.rf-hl-error[data-element-id="${id}"]`)
        .waitFor();
    }
    // each problem explained in Chinese by its code, the element by its name (issue 14 item 5)
    await page.locator('.rf-overlay-error', { hasText: '系统不支持这种元素类型' }).waitFor();
    await errors
      .locator('tr[data-element-id="review"]', { hasText: '工作日日历的期限只能按整天计算' })
      .waitFor();
    await errors.locator('tr[data-element-id="paperCheck"]', { hasText: '材料核对分支' }).waitFor();
    expect(await errors.locator('table').innerText()).not.toMatch(/[A-Za-z]/);
    // Only the offending elements are red.
    expect(await page.locator('.djs-element.rf-hl-error').count()).toBe(2);
    await ui.snap('definitions-rejected', [400]);
  });

  it('given a valid file dropped twice with a change, when deployed, then both versions are listed and drawn', async () => {
    ui = await s.open();
    const { page } = ui;
    await ui.login('admin');
    await page.goto(`${s.baseUrl}/definitions`);
    const key = uniqueKey('ui-approval');
    const drop = async (xml: string, name: string) => {
      // Evaluated in the page (a string: the project's tsconfig has no DOM types).
      const dataTransfer = await page.evaluateHandle(
        `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(xml)}], ${JSON.stringify(name)}, { type: 'application/xml' })); return dt; })()`,
      );
      await page.getByTestId('bpmn-dropzone').dispatchEvent('drop', { dataTransfer });
    };

    await drop(await approvalXml(key), 'approval.bpmn');
    await page
      .getByTestId('upload-result')
      .getByText('已部署 人才项目评审（区县审核与组织部审批），版本 1。')
      .waitFor();
    await drop(
      (await approvalXml(key)).replace('name="组织部审批"', 'name="组织部部务会审批"'),
      'approval-v2.bpmn',
    );
    await page
      .getByTestId('upload-result')
      .getByText('已部署 人才项目评审（区县审核与组织部审批），版本 2。')
      .waitFor();
    await drop(
      (await approvalXml(key)).replace('name="组织部审批"', 'name="组织部部务会审批"'),
      'approval-v2.bpmn',
    );
    await page.getByTestId('upload-result').getByText(`完全相同，未生成新版本`).waitFor();

    const row = page.locator(`[data-testid="definitions-table"] tr[data-key="${key}"]`);
    await row.getByRole('link', { name: '版本 1' }).waitFor();
    await ui.snap('definitions-list');

    await row.getByRole('link', { name: '版本 1' }).click();
    await page.waitForURL(new RegExp(`/definitions/${key}/1$`));
    const diagram = page.getByTestId('definition-diagram');
    await diagram.locator('.djs-element[data-element-id="orgApproval"]').waitFor();
    await diagram.locator('.djs-element[data-element-id="orgApproval"]', { hasText: '组织部审批' }).waitFor();
    await page.getByRole('navigation', { name: '其他版本' }).getByRole('link', { name: '第 2 版' }).click();
    await page.waitForURL(new RegExp(`/definitions/${key}/2$`));
    await diagram
      .locator('.djs-element[data-element-id="orgApproval"]', { hasText: '组织部部务会审批' })
      .waitFor();
    await page.getByText('最新', { exact: true }).waitFor();
    await ui.snap('definition-version');
  });

  it('given a process that starts itself on a date, when an admin opens the definitions, then the next start is shown in Beijing time', async () => {
    const key = uniqueKey('ui-scheduled');
    // 2099-03-02 09:30 in Beijing: far enough ahead never to fire during the test
    await s.deploy(
      await linearProcess(key, '年度人才项目集中申报（定时发起）', [
        startEvent('start', { name: '申报期开始', timer: { date: '2099-03-02T09:30:00+08:00' } }),
        userTask('districtReview', '区县审核', 'district-reviewer', { decisions: 'pass,reject' }),
        node('endEvent', 'done', '办结'),
      ]),
    );
    ui = await s.open();
    const { page } = ui;
    await ui.login('admin');
    await page.goto(`${s.baseUrl}/definitions`);
    const table = page.getByTestId('definitions-table');
    await table.getByRole('columnheader', { name: '下次定时发起' }).waitFor();
    const row = table.locator(`tr[data-key="${key}"]`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('年度人才项目集中申报（定时发起）');
    expect(text).toMatch(/2099.*3.*2.*09:30/);
    expect(text).not.toMatch(/ui-scheduled|T09:30|\+08:00|Z\b/);
    await ui.snap('definitions-timer-start');
  });

  it('given the calendar page, when an admin saves a year with a bad date then fixes it, then the year is listed as uploaded and provisional cases are shown', async () => {
    const cases = s.database.dataSource.getRepository(CaseEntity);
    const provisional = await cases.save(
      cases.create({
        processKey: 'ui-provisional',
        processVersion: 1,
        businessKey: uniqueKey('provisional'),
        district: 'lixia',
        variables: { district: 'lixia' },
        activeElements: ['publicity'],
        calendarProvisional: true,
      }),
    );
    ui = await s.open();
    const { page } = ui;
    await ui.login('admin');
    await page.goto(`${s.baseUrl}/calendar`);
    await page.locator('[data-testid="calendar-years"] tr[data-year="2026"]').getByText(/内置/).waitFor();
    await page.locator(`[data-testid="provisional-cases"] tr[data-case-id="${provisional.id}"]`).waitFor();
    // A missing next year is pointed out (the bundled data ends where the package's does).
    const nextYear = new Date().getFullYear() + 1;
    const years = (
      await s
        .http()
        .get('/api/v1/calendar/years')
        .set('Authorization', await s.as('admin'))
    ).body as { year: number }[];
    if (!years.some((y) => y.year === nextYear))
      await page.getByTestId('next-year-missing').getByText(`${nextYear} 年尚无节假日数据`).waitFor();
    // Old bundled years hide behind a toggle.
    expect(await page.locator('[data-testid="calendar-years"] tr[data-year="2010"]').count()).toBe(0);
    await page.getByRole('button', { name: /^显示全部/ }).click();
    await page.locator('[data-testid="calendar-years"] tr[data-year="2010"]').waitFor();
    await page.getByRole('button', { name: '只显示近期年份' }).click();

    const form = page.getByTestId('calendar-form');
    await form.getByLabel('年份').fill('2041');
    await form.getByLabel('节假日', { exact: true }).fill('2041-01-01\n2041-02-30');
    await form.getByLabel('调休上班日', { exact: true }).fill('2041-02-02');
    await form.getByRole('button', { name: '保存该年度' }).click();
    await form.getByText('“2041-02-30”不是 YYYY-MM-DD 格式的日期。').waitFor();

    await form.getByLabel('节假日', { exact: true }).fill('2041-01-01, 2041-02-01\n2041-02-04');
    await form.getByRole('button', { name: '保存该年度' }).click();
    await page.getByText('2041 年日历已保存').waitFor();
    const row = page.locator('[data-testid="calendar-years"] tr[data-year="2041"]');
    await row.getByText('管理员上传').waitFor();
    await row.getByText('3 天').waitFor();
    await ui.snap('calendar');

    // Editing an existing year starts from its dates.
    await row.getByRole('button', { name: '修改 2041' }).click();
    await s.eventually(
      () => form.getByLabel('节假日', { exact: true }).inputValue(),
      (v) => v === '2041-01-01\n2041-02-01\n2041-02-04',
    );
    await form.getByText('2041 年已有数据，保存将整体替换。').waitFor();
  });
  it('given a tablet in portrait, when an admin opens the admin pages, then nothing overflows sideways', async () => {
    ui = await s.open({ viewport: { width: 820, height: 1180 } });
    const { page } = ui;
    await ui.login('admin');
    for (const [path, heading, shot] of [
      ['/definitions', '流程定义', 'tablet-definitions'],
      ['/calendar', '工作日历', 'tablet-calendar'],
    ] as const) {
      await page.goto(`${s.baseUrl}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page
        .locator('.loading')
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await ui.snap(shot);
    }
  });
});
