/// <reference types="jest" />
import { daysUntil, formatDate, formatDateTime, formatMoney, shanghaiDate } from './format';

describe('dates in Asia/Shanghai', () => {
  it('given an instant late in the UTC evening, when formatted, then it shows the next Shanghai day', () => {
    expect(shanghaiDate('2026-09-30T17:30:00Z')).toBe('2026-10-01');
    expect(formatDate('2026-09-30T17:30:00Z', 'zh')).toBe('2026/10/01');
    expect(formatDateTime('2026-09-30T17:30:00Z', 'zh')).toBe('2026/10/01 01:30');
  });

  it('given nothing or garbage, when formatted, then a dash is shown', () => {
    expect(formatDateTime(null, 'en')).toBe('—');
    expect(formatDate('not a date', 'zh')).toBe('—');
  });

  it('given a deadline, when counting whole days, then Shanghai calendar dates are compared', () => {
    const now = new Date('2026-11-22T15:59:00Z'); // 23:59 on the 22nd in Shanghai
    expect(daysUntil('2026-11-22T16:00:00Z', now)).toBe(1); // 00:00 on the 23rd
    expect(daysUntil('2026-11-20T04:00:00Z', now)).toBe(-2);
  });
});

describe('money in fen', () => {
  it('given fen, when formatted, then yuan with two decimals and the sign are shown', () => {
    expect(formatMoney(1234567, 'zh')).toBe('¥12,345.67');
    expect(formatMoney(-50000, 'en')).toBe('-¥500.00');
  });
});
