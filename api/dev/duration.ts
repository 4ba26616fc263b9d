// Durations for the dev clock: ISO-8601 (P1DT2H, PT90M, P1W) or short forms (90m, 2h, 5d, 1500ms). Days are 24 h.
const units: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export function parseDurationMs(text: string): number | undefined {
  const short = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (short?.[1] && short[2]) return Math.round(Number(short[1]) * (units[short[2]] ?? 0)) || undefined;
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!iso || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, w, d, h, m, s] = iso;
  const ms =
    Number(w ?? 0) * units.w! +
    Number(d ?? 0) * units.d! +
    Number(h ?? 0) * units.h! +
    Number(m ?? 0) * units.m! +
    Number(s ?? 0) * 1000;
  return ms > 0 ? Math.round(ms) : undefined;
}
