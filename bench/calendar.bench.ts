// Time to compute 100,000 cn-workday deadlines on the bundled data.
// Run: npx tsx bench/calendar.bench.ts [count]
import { performance } from 'node:perf_hooks';
import { bundledCalendarData, bundledCalendarYears, mergeCalendarYears } from '../calendar/bundled-calendar';
import { deadlineFor } from '../calendar/working-days';

const count = Number(process.argv[2] ?? 100_000);
const data = bundledCalendarData();
const durations = ['P1D', 'P3D', 'P5D', 'P7D', 'P10D', 'P15D', 'P20D'];
// Deterministic spread of start instants over 2024-2026, hour by hour.
const base = Date.parse('2024-01-01T00:00:00+08:00');
const starts = Array.from(
  { length: count },
  (_, i) => new Date(base + ((i * 7_919) % (3 * 365 * 24)) * 3_600_000),
);

// Warm-up also builds the per-year index once.
for (let i = 0; i < 1_000; i += 1) deadlineFor(starts[i % count]!, 'P5D', 'cn-workday', data);

let sink = 0;
const t0 = performance.now();
for (let i = 0; i < count; i += 1) {
  const span = deadlineFor(starts[i]!, durations[i % durations.length]!, 'cn-workday', data);
  sink += span.days.length;
}
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    bench: 'calendar.deadlineFor(cn-workday)',
    deadlines: count,
    totalMs: Number(ms.toFixed(1)),
    perDeadlineUs: Number(((ms * 1000) / count).toFixed(2)),
    countedDays: sink,
    node: process.version,
  }),
);

// The API path: a fresh merge of bundled years with one admin override per request, then one deadline.
const requests = Math.min(count, 10_000);
const override = [{ year: 2027, holidays: ['2027-01-01'], workdays: [], source: 'admin' }];
const t1 = performance.now();
for (let i = 0; i < requests; i += 1) {
  sink += deadlineFor(starts[i]!, 'P5D', 'cn-workday', mergeCalendarYears(bundledCalendarYears(), override))
    .days.length;
}
const ms1 = performance.now() - t1;
console.log(
  JSON.stringify({
    bench: 'calendar.mergeCalendarYears+deadlineFor (per API request)',
    requests,
    totalMs: Number(ms1.toFixed(1)),
    perRequestUs: Number(((ms1 * 1000) / requests).toFixed(2)),
    sink,
  }),
);
