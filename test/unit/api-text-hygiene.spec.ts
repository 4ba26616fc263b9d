import { MAX_JSON_DEPTH, findTextProblem } from '../../api/common/text-hygiene';

describe('findTextProblem', () => {
  it('given clean JSON with emoji, Chinese, floats and big-but-safe integers, when checked, then no problem', () => {
    expect(
      findTextProblem({ a: ['申报 😀', 1.5, 2 ** 53 - 1, null, true], b: { c: -(2 ** 53 - 1) } }),
    ).toBeUndefined();
  });

  it.each([
    [{ items: [{ reason: 'ok' }, { reason: 'x\u0000' }] }, 'items[1].reason', 'INVALID_TEXT'],
    [{ variables: { 'k\ud800': 1 } }, 'variables."k\\ud800"', 'INVALID_TEXT'],
    [{ n: 2 ** 60 }, 'n', 'NUMBER_OUT_OF_RANGE'],
    ['a\u0000', 'body', 'INVALID_TEXT'],
  ])('given %j, when checked, then %s is named with %s', (value, field, code) => {
    expect(findTextProblem(value)).toMatchObject({ field, code });
  });

  it('given a binary body, when checked, then its bytes are not walked as text', () => {
    expect(findTextProblem(Buffer.from([0, 0xed, 0xa0, 0x80]))).toBeUndefined();
  });

  it('given nesting at the limit, when checked, then it passes; one level more is refused', () => {
    const nest = (levels: number): unknown => (levels === 1 ? {} : { a: nest(levels - 1) });
    expect(findTextProblem(nest(MAX_JSON_DEPTH))).toBeUndefined();
    expect(findTextProblem(nest(MAX_JSON_DEPTH + 1))).toMatchObject({ code: 'NESTING_TOO_DEEP' });
  });
});
