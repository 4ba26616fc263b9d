// Cases started and finished per week as grouped bars, in plain SVG (no chart library: two series, a dozen weeks).
import type { WeekCounts } from '../../api/types';
import { defineMessages, useMessages } from '../../i18n/i18n';

/** A week of GET /stats/weekly (week: its Monday, YYYY-MM-DD). */
export type WeekPoint = WeekCounts;

const m = defineMessages({
  zh: {
    started: '新申报',
    finished: '已办结',
    bar: (week: string, what: string, n: number) => `${week} 当周${what} ${n} 件`,
  },
  en: {
    started: 'Started',
    finished: 'Finished',
    bar: (week: string, what: string, n: number) => `Week of ${week}: ${n} ${what.toLowerCase()}`,
  },
});

const W = 1100;
const H = 240;
const PAD = { top: 16, right: 12, bottom: 28, left: 36 };

/** A round axis maximum (1, 2, 5 × 10^n) at or above `n`. */
function niceMax(n: number): number {
  if (n <= 4) return 4;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const f of [1, 2, 5, 10]) if (f * p >= n) return f * p;
  return 10 * p;
}

export function WeeklyChart({ weeks, label }: { weeks: WeekPoint[]; label: string }) {
  const t = useMessages(m);
  const max = niceMax(Math.max(0, ...weeks.map((w) => Math.max(w.started, w.finished))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, weeks.length);
  const barW = Math.min(18, slot / 3);
  const y = (n: number) => PAD.top + plotH - (n / max) * plotH;
  const ticks = [0, max / 4, max / 2, (3 * max) / 4, max];
  return (
    <figure className="weekly-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="chart-tick">
              {Number.isInteger(v) ? v : ''}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          const cx = PAD.left + slot * i + slot / 2;
          return (
            <g key={w.week} data-week={w.week}>
              <rect
                x={cx - barW - 1}
                y={y(w.started)}
                width={barW}
                height={Math.max(0, y(0) - y(w.started))}
                className="chart-bar-started"
                data-series="started"
                data-value={w.started}
              >
                <title>{t.bar(w.week, t.started, w.started)}</title>
              </rect>
              <rect
                x={cx + 1}
                y={y(w.finished)}
                width={barW}
                height={Math.max(0, y(0) - y(w.finished))}
                className="chart-bar-finished"
                data-series="finished"
                data-value={w.finished}
              >
                <title>{t.bar(w.week, t.finished, w.finished)}</title>
              </rect>
              <text x={cx} y={H - 8} textAnchor="middle" className="chart-tick">
                {w.week.slice(5).replace('-', '/')}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        <span className="legend-swatch chart-bar-started" /> {t.started}
        <span className="legend-swatch chart-bar-finished" /> {t.finished}
      </figcaption>
    </figure>
  );
}
