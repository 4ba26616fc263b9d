// ISO-8601 durations (PnYnMnWnDTnHnMnS) added to an instant; months and years by UTC calendar arithmetic.
const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function addIsoDuration(from: Date, iso: string): Date {
  const m = DURATION.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new Error(`'${iso}' is not an ISO-8601 duration`);
  const n = (i: number) => Number(m[i] ?? 0);
  const d = new Date(from.getTime());
  if (m[1] || m[2]) d.setUTCMonth(d.getUTCMonth() + n(1) * 12 + n(2));
  const ms = ((n(3) * 7 + n(4)) * 24 + n(5)) * 3_600_000 + n(6) * 60_000 + n(7) * 1000;
  return new Date(d.getTime() + ms);
}
