/// <reference types="jest" />
import { deployProblemCode, deployProblemText } from './deploy-problems';

describe('deploy problems in words', () => {
  it('given messages of the dialect rules, when classified, then each gets its code', () => {
    expect(
      deployProblemCode({ message: "rf:calendar 'cn-workday' only counts days: use PnD, not 'PT4H'" }),
    ).toBe('CALENDAR_INVALID');
    expect(deployProblemCode({ message: 'unsupported element ManualTask paperCheck' })).toBe(
      'UNSUPPORTED_ELEMENT',
    );
    expect(deployProblemCode({ message: 'userTask review is unreachable from a start event' })).toBe(
      'UNREACHABLE',
    );
    expect(deployProblemCode({ message: 'BPMN could not be read: unexpected end' })).toBe('XML_UNREADABLE');
    expect(deployProblemCode({ message: 'something new' })).toBe('BPMN_INVALID');
  });

  it("given the server's code, when explained, then the code decides and Chinese has no English", () => {
    const text = deployProblemText(
      { code: 'DECISION_NOT_DEPLOYED', message: 'decision grade is not deployed' },
      'zh',
    );
    expect(text).toBe('引用的决策尚未部署，请先部署对应的决策表。');
    expect(deployProblemText({ code: 'DMN_SOMETHING', message: 'x' }, 'zh')).toContain('决策表');
    expect(deployProblemText({ message: 'unsupported element ManualTask paperCheck' }, 'zh')).not.toMatch(
      /[A-Za-z]/,
    );
    expect(deployProblemText({ message: 'unsupported element ManualTask paperCheck' }, 'en')).toBe(
      'unsupported element ManualTask paperCheck',
    );
  });
});
