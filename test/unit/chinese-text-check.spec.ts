// The browser tests' checker for Chinese pages (test/support/chinese-text-check.ts) finds what it must.
import { chineseTextProblems } from '../support/chinese-text-check';

describe('chinese page text check', () => {
  it('given Chinese text with case numbers, money and product names, when checked, then nothing is reported', () => {
    expect(
      chineseTextProblems(
        'J03A-2026-000001 购房补贴 ¥150,000.00 · 把 BPMN 文件拖到这里（Camunda Modeler，.bpmn / .xml）',
      ),
    ).toEqual([]);
  });

  it('given English words, JSON, a UUID or a named id, when checked, then each is reported', () => {
    const problems = chineseTextProblems(
      '当前环节 mpJoin · objection {"id":"0b3f5e1c-1111-4222-8333-944455556666"} 流程 j03a-home-purchase-subsidy',
      ['j03a-home-purchase-subsidy'],
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^JSON/),
        expect.stringMatching(/^UUID/),
        'internal id: j03a-home-purchase-subsidy',
        'Latin: mpJoin',
        'Latin: objection',
      ]),
    );
  });
});
