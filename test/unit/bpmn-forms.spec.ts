// Camunda Forms: reading a form-js schema and checking what a completion submits against it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MAX_PATTERN_INPUT,
  type FormFieldSpec,
  parseFormSchema,
  problemsCode,
  validateFormValues,
  validateWrites,
} from '../../bpmn/forms';
import { validateCompletion } from '../../bpmn/engine/engine';
import { EngineHarness } from '../../bpmn/testing/engine-harness';
import { FORMS_DIR } from '../../processes/tools/programme-forms';

const fields = (schema: unknown): FormFieldSpec[] => {
  const parsed = parseFormSchema(schema);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.fields;
};

const scoreForm = {
  id: 'score',
  components: [
    { type: 'text', text: '说明' },
    { type: 'number', key: 'score', label: '评分', validate: { required: true, min: 0, max: 100 } },
    {
      type: 'group',
      components: [
        { type: 'textarea', key: 'remark', label: '意见', validate: { minLength: 2, maxLength: 5 } },
        { type: 'textfield', key: 'phone', validate: { pattern: '^1\\d{10}$' } },
        { type: 'textfield', key: 'mail', validate: { validationType: 'email' } },
        { type: 'textfield', key: 'shown', readonly: true },
      ],
    },
    {
      type: 'select',
      key: 'grade',
      values: [
        { label: 'A', value: 'A' },
        { label: 'B', value: 'B' },
      ],
    },
    {
      type: 'checklist',
      key: 'topics',
      values: [
        { label: 'x', value: 'x' },
        { label: 'y', value: 'y' },
      ],
    },
    { type: 'taglist', key: 'tags' },
    { type: 'checkbox', key: 'agree', validate: { required: true } },
    { type: 'datetime', key: 'day', subtype: 'date' },
    { type: 'datetime', key: 'at', subtype: 'datetime' },
    { type: 'filepicker', key: 'files', multiple: true },
    { type: 'filepicker', key: 'photo' },
    { type: 'spacer' },
    { type: 'separator' },
  ],
};

describe('forms: reading a schema', () => {
  it('given a form with layout, groups and every input type, when parsed, then each input becomes a field spec', () => {
    const f = fields(scoreForm);
    expect(f.map((x) => x.key)).toEqual([
      'score',
      'remark',
      'phone',
      'mail',
      'shown',
      'grade',
      'topics',
      'tags',
      'agree',
      'day',
      'at',
      'files',
      'photo',
    ]);
    expect(f[0]).toEqual({ key: 'score', type: 'number', label: '评分', required: true, min: 0, max: 100 });
    expect(f.find((x) => x.key === 'grade')?.options).toEqual(['A', 'B']);
    expect(f.find((x) => x.key === 'shown')?.readOnly).toBe(true);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['no components', { id: 'x' }, /components/],
    ['an unknown component', { components: [{ type: 'signature', key: 'a' }] }, /not supported/],
    ['a field without key', { components: [{ type: 'textfield' }] }, /needs a key/],
    ['a dotted key', { components: [{ type: 'textfield', key: 'a.b' }] }, /needs a key/],
    ['a reserved key', { components: [{ type: 'textfield', key: 'decision' }] }, /reserved/],
    [
      'a duplicate key',
      {
        components: [
          { type: 'textfield', key: 'a' },
          { type: 'number', key: 'a' },
        ],
      },
      /more than one/,
    ],
    ['a select without values', { components: [{ type: 'select', key: 's' }] }, /values/],
    ['dynamic options', { components: [{ type: 'radio', key: 'r', valuesKey: 'opts' }] }, /valuesKey/],
    [
      'a broken pattern',
      { components: [{ type: 'textfield', key: 't', validate: { pattern: '(' } }] },
      /regular/,
    ],
    [
      'min above max',
      { components: [{ type: 'number', key: 'n', validate: { min: 5, max: 1 } }] },
      /greater/,
    ],
    [
      'conditional visibility',
      { components: [{ type: 'textfield', key: 't', conditional: { hide: '=x' } }] },
      /conditional/,
    ],
  ])('given %s, when parsed, then the form is refused saying why', (_what, schema, message) => {
    const parsed = parseFormSchema(schema);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.message).join('; ')).toMatch(message);
  });

  it('given the programme forms in processes/forms, when parsed, then they are readable', () => {
    for (const file of ['j01-declaration', 'j11b-expert-score', 'j11b-grade'])
      expect(parseFormSchema(readFileSync(join(FORMS_DIR, `${file}.form`), 'utf8')).ok).toBe(true);
  });
});

describe('forms: checking submitted values', () => {
  const f = fields(scoreForm);
  const codes = (vars: Record<string, unknown>) =>
    validateFormValues(f, vars).map((p) => `${p.field}:${p.code}`);
  const ok = { score: 80, agree: true };

  it('given values that fit, when checked, then there is no problem', () => {
    expect(
      codes({
        ...ok,
        remark: '很好',
        phone: '13800000000',
        mail: 'a@b.cn',
        grade: 'B',
        topics: ['x'],
        tags: ['any'],
        day: '2026-02-28',
        at: '2026-02-28T09:30+08:00',
        files: ['att-1', 'att-2'],
        photo: ['att-3'],
      }),
    ).toEqual([]);
  });

  it.each([
    ['an unknown field', { ...ok, bonus: 1 }, 'bonus:FIELD_NOT_WRITABLE'],
    ['a read-only field', { ...ok, shown: 'x' }, 'shown:FIELD_NOT_WRITABLE'],
    ['a missing required number', { agree: true }, 'score:FIELD_REQUIRED'],
    ['an unchecked required checkbox', { score: 1, agree: false }, 'agree:FIELD_REQUIRED'],
    ['text for a number', { ...ok, score: '80' }, 'score:FIELD_TYPE'],
    ['a number above max', { ...ok, score: 101 }, 'score:FIELD_RANGE'],
    ['a number below min', { ...ok, score: -1 }, 'score:FIELD_RANGE'],
    ['a value outside the options', { ...ok, grade: 'C' }, 'grade:FIELD_NOT_AN_OPTION'],
    ['a checklist item outside the options', { ...ok, topics: ['z'] }, 'topics:FIELD_NOT_AN_OPTION'],
    ['text too short', { ...ok, remark: '好' }, 'remark:FIELD_LENGTH'],
    ['text too long', { ...ok, remark: '一二三四五六' }, 'remark:FIELD_LENGTH'],
    ['a pattern mismatch', { ...ok, phone: '12345' }, 'phone:FIELD_PATTERN'],
    ['a bad e-mail', { ...ok, mail: 'nobody' }, 'mail:FIELD_PATTERN'],
    ['an impossible date', { ...ok, day: '2026-02-30' }, 'day:FIELD_DATE'],
    ['a date without time for a datetime', { ...ok, at: '2026-02-28' }, 'at:FIELD_DATE'],
    ['attachments that are not ids', { ...ok, files: [1, 2] }, 'files:FIELD_TYPE'],
    ['one attachment field given two', { ...ok, photo: ['a', 'b'] }, 'photo:FIELD_LENGTH'],
    ['a string for a checkbox', { ...ok, agree: 'yes' }, 'agree:FIELD_TYPE'],
  ])('given %s, when checked, then the field is named with its code', (_what, vars, expected) => {
    expect(codes(vars)).toEqual([expected]);
  });

  it('given a huge text for a pattern field, when checked, then the pattern is never run on it (ReDoS bound)', () => {
    const evil = fields({
      components: [{ type: 'textfield', key: 't', validate: { pattern: '^(a+)+$' } }],
    });
    const started = Date.now();
    const problems = validateFormValues(evil, { t: `${'a'.repeat(MAX_PATTERN_INPUT + 10)}!` });
    expect(problems.map((p) => p.code)).toEqual(['FIELD_LENGTH']);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('what a completion may write', () => {
  it('given rf:writes, when variables are checked, then only those and decision/comment pass', () => {
    const contract = { writes: ['note'] };
    expect(validateWrites(contract, { note: 'x', decision: 'pass', comment: 'ok' })).toEqual([]);
    const problems = validateWrites(contract, { note: 'x', amount: 3 });
    expect(problems).toEqual([expect.objectContaining({ field: 'amount', code: 'FIELD_NOT_WRITABLE' })]);
    expect(problemsCode(problems)).toBe('FIELD_NOT_WRITABLE');
  });

  it('given neither form nor rf:writes, when variables are checked, then only decision and comment pass', () => {
    expect(validateWrites({}, { decision: 'pass', comment: 'x' })).toEqual([]);
    expect(validateWrites({}, { score: 1 }).map((p) => p.field)).toEqual(['score']);
  });

  it('given a form, when variables are checked, then field problems are FIELD_INVALID and decision passes', () => {
    const form = { formId: 'f', fields: fields(scoreForm) };
    const problems = validateWrites({ form }, { score: 200, agree: true, decision: 'pass' });
    expect(problems.map((p) => p.code)).toEqual(['FIELD_RANGE']);
    expect(problemsCode(problems)).toBe('FIELD_INVALID');
  });

  it('given the embedded grade form fixture, when the engine validates a completion, then writes are checked only when asked', async () => {
    const h = await EngineHarness.load('user-task-form-embedded');
    h.start();
    const key = h.task('grade').key;
    const user = { username: 'orgdept1' };
    expect(validateCompletion(h.graph, h.state, key, user, { grade: 'D' })).toEqual({ ok: true });
    expect(
      validateCompletion(h.graph, h.state, key, user, { grade: 'D' }, { checkWrites: true }),
    ).toMatchObject({
      ok: false,
      reason: 'FIELD_INVALID',
      details: [{ field: 'grade', code: 'FIELD_NOT_AN_OPTION' }],
    });
    expect(
      validateCompletion(h.graph, h.state, key, user, { other: 1 }, { checkWrites: true }),
    ).toMatchObject({
      ok: false,
      reason: 'FIELD_NOT_WRITABLE',
    });
    expect(validateCompletion(h.graph, h.state, key, user, { grade: 'A' }, { checkWrites: true })).toEqual({
      ok: true,
    });
  });
});
