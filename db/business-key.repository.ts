// Generated business keys: J01-2026-000123 (prefix from the process key, year, per-process sequence).
import type { EntityManager } from 'typeorm';

/** The next number of (process key, year): one atomic upsert, so concurrent creates never share a number. */
export async function nextBusinessKeyNumber(
  m: EntityManager,
  processKey: string,
  year: number,
): Promise<number> {
  const rows: { last_value: string }[] = await m.query(
    `INSERT INTO business_key_sequences (process_key, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (process_key, year) DO UPDATE SET last_value = business_key_sequences.last_value + 1
     RETURNING last_value`,
    [processKey, year],
  );
  return Number(rows[0]?.last_value);
}

/** `j01-talent-classification` → `J01`: the first word of the key, upper case, at most 8 letters or digits. */
export function businessKeyPrefix(processKey: string): string {
  const first = processKey.split(/[-_.\s]/).find((w) => /[A-Za-z0-9]/.test(w)) ?? '';
  const prefix = first
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 8)
    .toUpperCase();
  return prefix || 'CASE';
}

export function formatBusinessKey(processKey: string, year: number, n: number): string {
  return `${businessKeyPrefix(processKey)}-${year}-${String(n).padStart(6, '0')}`;
}
