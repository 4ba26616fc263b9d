import { MAX_ADVANCE_MS, msToIsoDuration, parseDurationMs } from '../../api/dev/duration';

describe('dev clock durations', () => {
  it.each([
    ['PT1H', 3_600_000],
    ['P5D', 5 * 86_400_000],
    ['P1DT2H30M', 86_400_000 + 9_000_000],
    ['PT1.5S', 1500],
    ['P1W', 604_800_000],
    ['P3652D', 3652 * 86_400_000],
  ])('given %s, when parsed, then it is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P0D', 'five days', '-1h', 'P1Y', 'P1M', '90m', '1500ms', ' P1D', 'P99999999999D'])(
    'given %j, when parsed, then it is rejected',
    (text) => {
      expect(parseDurationMs(text)).toBeUndefined();
    },
  );

  it('given ten years, when compared with the bound, then P3652D fits and P3653D does not', () => {
    expect(parseDurationMs('P3652D')).toBeLessThanOrEqual(MAX_ADVANCE_MS);
    expect(parseDurationMs('P3653D')).toBeGreaterThan(MAX_ADVANCE_MS);
  });

  it.each([1, 1500, 90_000, 86_400_000])(
    'given %d ms, when written as ISO-8601, then it parses back',
    (ms) => {
      expect(parseDurationMs(msToIsoDuration(ms))).toBe(ms);
    },
  );
});
