import { parseDurationMs } from '../../api/dev/duration';

describe('dev clock durations', () => {
  it.each([
    ['PT1H', 3_600_000],
    ['P5D', 5 * 86_400_000],
    ['P1DT2H30M', 86_400_000 + 9_000_000],
    ['PT1.5S', 1500],
    ['P1W', 604_800_000],
    ['90m', 5_400_000],
    ['1500ms', 1500],
    ['2d', 172_800_000],
  ])('given %s, when parsed, then it is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P0D', 'five days', '-1h', 'P1Y'])(
    'given %j, when parsed, then it is rejected',
    (text) => {
      expect(parseDurationMs(text)).toBeUndefined();
    },
  );
});
