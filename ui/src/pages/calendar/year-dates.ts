// Parsing the admin's date lists: any mix of newlines, commas and spaces; each must be a real YYYY-MM-DD in the year.

export type DateProblem = { kind: 'format'; value: string } | { kind: 'year'; value: string };

export function splitDates(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The sorted, de-duplicated dates, or the first problem found. */
export function parseYearDates(text: string, year: number): { dates: string[] } | { problem: DateProblem } {
  const out = new Set<string>();
  for (const value of splitDates(text)) {
    if (!isRealDate(value)) return { problem: { kind: 'format', value } };
    if (Number(value.slice(0, 4)) !== year) return { problem: { kind: 'year', value } };
    out.add(value);
  }
  return { dates: [...out].sort() };
}
