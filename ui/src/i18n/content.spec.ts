/// <reference types="jest" />
import { formVocabulary, isBatchComment, readableValue, type ValueWords } from './content';

const zh: ValueWords = {
  lang: 'zh',
  label: (k) => ({ reason: '异议内容', finding: '核查情况' })[k],
  code: (k, v) => (k === 'decision' ? ({ propose: '建议支持' } as Record<string, string>)[v] : undefined),
};

describe('form vocabulary', () => {
  it('given nested forms, when read, then field and option labels are found, the first form winning', () => {
    const v = formVocabulary([
      {
        components: [
          {
            type: 'group',
            components: [
              { key: 'decision', label: '结论', values: [{ value: 'clear', label: '未发现问题' }] },
            ],
          },
          { key: 'diploma', label: '学历证书', type: 'filepicker' },
        ],
      },
      {
        components: [
          {
            key: 'decision',
            label: '审核结论',
            values: [
              { value: 'clear', label: '其他' },
              { value: 'x', label: '某' },
            ],
          },
        ],
      },
      'not a form',
    ]);
    expect(v.labels.get('decision')).toBe('结论');
    expect(v.labels.get('diploma')).toBe('学历证书');
    expect(v.options.get('decision')?.get('clear')).toBe('未发现问题');
    expect(v.options.get('decision')?.get('x')).toBe('某');
  });
});

describe('values in words', () => {
  it('given money keys, when rendered, then yuan with separators; an award by its total', () => {
    expect(readableValue('amountFen', 8_000_000_00, zh)).toBe('¥8,000,000.00');
    expect(readableValue('award', { t1: 80_000_000, t2: 60_000_000, total: 200_000_000 }, zh)).toBe(
      '¥2,000,000.00',
    );
  });

  it('given a record with an id, when rendered, then its labelled fields without the id and never JSON', () => {
    const text = readableValue(
      'objection',
      { id: '0b3f5e1c-1111-4222-8333-944455556666', reason: '学历造假', createdBy: 'applicant1' },
      zh,
    );
    expect(text).toBe('异议内容：学历造假');
    expect(text).not.toMatch(/[{}"]/);
  });

  it('given coded, boolean, uuid-list and empty values, when rendered, then words', () => {
    expect(readableValue('decision', 'propose', zh)).toBe('建议支持');
    expect(readableValue('agreementSigned', true, zh)).toBe('是');
    expect(readableValue('diploma', ['0b3f5e1c-1111-4222-8333-944455556666'], zh)).toBe(
      '1 个附件（见附件材料）',
    );
    expect(readableValue('x', null, zh)).toBe('—');
    expect(readableValue('scores', [88, null, 75.456], zh)).toBe('88、75.46');
  });

  it('given the comment a batch wrote, when checked, then it is recognised', () => {
    expect(isBatchComment('batch dfe4f58e-c3bb-4613-ac4e-e7bc4d4011db')).toBe(true);
    expect(isBatchComment('同意 batch')).toBe(false);
  });
});
