// Through the browser (issue 15 item 1): a step done by an external system shows on the case page as
// 等待外部系统处理 with the step's name and the retries left — in words, without the job type or any id.
import { type UiPage, type UiStack, startUiStack } from '../support/browser';
import { type El, create, extensions, serviceTask } from '../../processes/tools/bpmn-model.builder';
import { linearProcess, node, userTask } from './ui-fixtures';

jest.setTimeout(150_000);

const KEY = 'ui-credit-check';
const xml = () =>
  linearProcess(KEY, '人才认定（征信核查）', [
    node('startEvent', 'start', '提交申报'),
    serviceTask('creditCheck', { name: '征信核查', type: 'credit-check', retries: 3 }),
    node('endEvent', 'done', '办结'),
  ]);

// A review step whose start is announced to an archive system first (a start execution listener).
const LISTENER_KEY = 'ui-listener-job';
const listenerXml = () => {
  const review = userTask('districtReview', '区县审核', 'district-reviewer', { decisions: 'pass,reject' });
  const own = (review.extensionElements as { values?: El[] } | undefined)?.values ?? [];
  review.extensionElements = extensions([
    ...own,
    create('zeebe:ExecutionListeners', {
      listeners: [
        create('zeebe:ExecutionListener', { eventType: 'start', type: 'archive-register', retries: '2' }),
      ],
    }),
  ]);
  return linearProcess(LISTENER_KEY, '人才认定（档案登记）', [
    node('startEvent', 'start', '提交申报'),
    review,
    node('endEvent', 'done', '办结'),
  ]);
};

describe('UI: a case waiting for an external system', () => {
  let s: UiStack;
  let ui: UiPage;

  beforeAll(async () => {
    s = await startUiStack('ui-case-jobs');
    await s.deploy(await xml());
    await s.deploy(await listenerXml());
  });
  afterAll(async () => {
    await ui?.close();
    await s?.close();
  });

  /** Waits until the case's jobs satisfy `ready`, then opens the case page as admin: the job line's text. */
  const jobLineOnCasePage = async (
    caseId: string,
    ready: (jobs: { listenerEventType?: string | null }[]) => boolean,
  ): Promise<string> => {
    await s.eventually(
      async () =>
        (
          await s
            .http()
            .get(`/api/v1/cases/${caseId}/jobs`)
            .set('Authorization', await s.as('admin'))
        ).body as { listenerEventType?: string | null }[],
      ready,
    );
    await ui?.close();
    ui = await s.open();
    await ui.login('admin');
    await ui.page.goto(`${s.baseUrl}/cases/${caseId}`);
    const line = ui.page.getByTestId('case-job');
    await line.waitFor();
    return line.innerText();
  };

  it('given a case at a credit-check job, when an admin opens it, then the page says it waits for an external system', async () => {
    const c = await s.startCase(KEY, { district: 'lixia', applicantName: '张伟' });
    const text = await jobLineOnCasePage(c.id, (jobs) => jobs.length === 1);
    expect(text).toContain('等待外部系统处理：征信核查');
    expect(text).toContain('剩余重试 3 次');
    expect(text).not.toMatch(/credit-check|creditCheck|[0-9a-f]{8}-[0-9a-f]{4}/);
    await ui.snap('case-jobs-waiting');
  });

  it('given a step whose start listener waits for an external system, when an admin opens the case, then it says so in words', async () => {
    const c = await s.startCase(LISTENER_KEY, { district: 'lixia', applicantName: '李娜' });
    const text = await jobLineOnCasePage(
      c.id,
      (jobs) => jobs.length === 1 && jobs[0]?.listenerEventType === 'START',
    );
    expect(text).toContain('等待外部系统处理：区县审核');
    expect(await ui.page.getByTestId('case-job-listener').innerText()).toBe('本环节开始前的外部处理');
    expect(text).toContain('剩余重试 2 次');
    expect(text).not.toMatch(/archive-register|districtReview|listener|[0-9a-f]{8}-[0-9a-f]{4}/i);
    await ui.snap('case-jobs-listener');
  });
});
