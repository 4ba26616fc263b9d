import { isBadText, storable, storableText } from '../../db/pg-text';

describe('text PostgreSQL can store', () => {
  it.each([
    ['a\u0000b', true],
    ['x \ud800', true],
    ['\udc00 y', true],
    ['\ud800\ud800\udc00', true],
    ['😀', false],
    ['申报材料', false],
    ['', false],
  ])('given %j, when checked, then bad is %s', (s, bad) => {
    expect(isBadText(s)).toBe(bad);
  });

  it('given NUL and lone surrogates, when made storable, then each becomes U+FFFD and pairs survive', () => {
    expect(storableText('a\u0000b\ud800c😀\udc00')).toBe('a\uFFFDb\uFFFDc😀\uFFFD');
  });

  it('given a nested value, when made storable, then strings and keys are cleaned and clean parts kept by identity', () => {
    const clean = { ok: ['x', 1, null, true] };
    const value = { clean, 'k\u0000': { list: ['\ud800', 2] } };
    const out = storable(value);
    expect(out).toEqual({ clean, 'k\uFFFD': { list: ['\uFFFD', 2] } });
    expect(out.clean).toBe(clean);
    expect(storable(clean)).toBe(clean);
  });
});
