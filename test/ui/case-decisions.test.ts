// Through the browser (issue 15 item 2): a business rule task's decision shows in the case history as 规则表判定
// with its result, and its result variable under a Chinese label — no decision id, rule id or variable key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type UiPage, type UiStack, startUiStack } from '../support/browser';
import { businessRuleTask, userTask } from '../../processes/tools/bpmn-model.builder';
import { linearProcess, node } from './ui-fixtures';

jest.setTimeout(150_000);

const KEY = 'ui-q01-grading';
const xml = () =>
  linearProcess(KEY, '人才项目定档', [
    node('startEvent', 'start', '提交申报'),
    businessRuleTask('gradeByScore', { name: '平均分定档', decisionId: 'q01-grading', result: 'scoreGrade' }),
    userTask('confirm', { name: '审定等级', groups: 'city-reviewer', native: false }),
    node('endEvent', 'done', '办结'),
  ]);

describe('UI: a case graded by a decision table', () => {
  let s: UiStack;
  let ui: UiPage;

  beforeAll(async () => {
    s = await startUiStack('ui-case-decisions');
    const dmn = readFileSync(
      join(__dirname, '..', '..', 'processes', 'decisions', 'q01-grading.dmn'),
      'utf8',
    );
    const deployed = await s
      .http()
      .post('/api/v1/decisions')
      .set('Authorization', await s.as('admin'))
      .set('Content-Type', 'application/xml')
      .send(dmn);
    expect(deployed.status).toBe(201);
    await s.deploy(await xml());
  });
  afterAll(async () => {
    await ui?.close();
    await s?.close();
  });

  it('given expert scores averaging 92, when an admin opens the case, then the history says the table decided A', async () => {
    const c = await s.startCase(KEY, {
      district: 'lixia',
      applicantName: '张伟',
      expertScores: [90, 92, 94],
    });
    await s.eventually(
      async () =>
        (
          await s
            .http()
            .get(`/api/v1/cases/${c.id}/history`)
            .set('Authorization', await s.as('admin'))
        ).body as { type: string }[],
      (h) => h.some((e) => e.type === 'decision-evaluated'),
    );
    ui = await s.open();
    await ui.login('admin');
    await ui.page.goto(`${s.baseUrl}/cases/${c.id}`);
    const entry = ui.page.locator('li', { hasText: '规则表判定' }).first();
    await entry.waitFor();
    const text = await entry.innerText();
    expect(text).toContain('平均分定档');
    expect(text).toContain('A');
    expect(text).not.toMatch(/q01-grading|q01-grade-a|scoreGrade|decision/);
    const vars = ui.page.locator('#variables');
    await vars.waitFor();
    expect(await vars.innerText()).toContain('按评分定档');
    await ui.snap('case-decision-evaluated');
  });
});
