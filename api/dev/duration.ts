// Durations for the dev clock: ISO-8601 weeks, days, hours, minutes and (fractional) seconds, e.g. P3D, PT2H,
// P1DT30M, PT0.5S. Days are 24 h. Years and months are refused: their length depends on the date.

/** The most one call may move the clock: 10 years of 365.25 days. */
export const MAX_ADVANCE_MS = Math.round(10 * 365.25 * 86_400_000);

const ISO =
  /^P(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,12})M)?(?:(\d{1,15}(?:\.\d{1,3})?)S)?)?$/;

/** Milliseconds of an ISO-8601 duration, or undefined when the text is not one this clock understands. */
export function parseDurationMs(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m;
  const ms =
    Number(w ?? 0) * 604_800_000 +
    Number(d ?? 0) * 86_400_000 +
    Number(h ?? 0) * 3_600_000 +
    Number(min ?? 0) * 60_000 +
    Number(s ?? 0) * 1000;
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

/** Milliseconds as the ISO-8601 duration parseDurationMs reads back (PT1.5S, PT90000S). */
export function msToIsoDuration(ms: number): string {
  return `PT${(Math.max(0, Math.round(ms)) / 1000).toFixed(3).replace(/\.?0+$/, '')}S`;
}
