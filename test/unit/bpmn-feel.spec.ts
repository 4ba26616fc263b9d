import fc from 'fast-check';
import { evaluate } from 'feelin';
import { evaluateFeel, feelSyntaxError, toPlain } from '../../bpmn/feel/feel';

const outcome = (fn: () => unknown): { value: unknown } | { threw: true } => {
  try {
    return { value: fn() };
  } catch {
    return { threw: true };
  }
};

describe('bpmn FEEL wrapper', () => {
  it('given common review expressions, when evaluated, then results match FEEL', () => {
    const ctx = {
      decision: 'pass',
      averageScore: 61,
      scores: [80, 90, 70],
      documents: [1, 2],
      applicant: { name: 'Li', age: 40 },
      flag: true,
      items: [{ id: 'a' }, { id: 'b' }],
    };
    const cases: [string, unknown][] = [
      ['decision = "pass"', true],
      ['decision != "pass"', false],
      ['averageScore >= 60', true],
      ['averageScore < 60', false],
      ['applicant.name', 'Li'],
      ['applicant.missing', null],
      ['missing.deeper', null],
      ['mean(scores)', 80],
      ['count(documents) >= 3', false],
      ['flag = true', true],
      ['items.id', ['a', 'b']],
      ['decision = null', false],
      ['score > 3', null],
    ];
    for (const [expr, expected] of cases) expect([expr, evaluateFeel(expr, ctx)]).toEqual([expr, expected]);
  });

  it('given any value in the context, when a fast-path shape is evaluated, then it equals feelin', () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom('a', 'b', ''),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 4 }),
      fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { maxLength: 3 }),
    );
    const literal = fc.constantFrom('1', '0', '-2', '2.5', '"a"', '"b"', 'true', 'false', 'null');
    const left = fc.constantFrom(
      'x',
      'y',
      'ctx.x',
      'count(x)',
      'sum(x)',
      'mean(x)',
      'min(x)',
      'max(x)',
      'nothing',
    );
    const expr = fc.oneof(
      left,
      fc
        .tuple(left, fc.constantFrom('=', '!=', '<', '<=', '>', '>='), literal)
        .map(([l, op, r]) => `${l} ${op} ${r}`),
    );
    fc.assert(
      fc.property(value, value, expr, (x, y, e) => {
        const ctx = { x, y, ctx: { x } };
        expect(outcome(() => evaluateFeel(e, ctx))).toEqual(outcome(() => toPlain(evaluate(e, ctx).value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('given broken FEEL, when checked, then a syntax error names the expression; valid FEEL passes', () => {
    expect(feelSyntaxError('score >')).toMatch(/score >/);
    expect(feelSyntaxError('sum([1, 2')).toBeDefined();
    expect(feelSyntaxError('')).toBeDefined();
    expect(feelSyntaxError('if a > 1 then "x" else "y"')).toBeUndefined();
    expect(feelSyntaxError('{a: 1, b: [1, 2]}.b[1]')).toBeUndefined();
  });

  it('given FEEL temporal values, when returned, then they become ISO strings', () => {
    expect(evaluateFeel('date("2026-10-01") + duration("P1D")', {})).toBe('2026-10-02');
    expect(evaluateFeel('duration("P5D")', {})).toBe('P5D');
  });
});
