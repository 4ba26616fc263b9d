import type { ValueTransformer } from 'typeorm';

/**
 * node-postgres returns int8 and numeric as strings. Amounts in fen stay far below 2^53, so numbers are safe and
 * simpler for callers; the conversion refuses anything that would lose precision.
 */
export const numberTransformer: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) => {
    if (value === null || value === undefined) return value;
    const n = Number(value);
    if (!Number.isFinite(n)) throw new Error(`numeric value ${String(value)} is not a finite number`);
    if (Number.isInteger(n) && !Number.isSafeInteger(n))
      throw new Error(`integer ${String(value)} exceeds 2^53`);
    return n;
  },
};
