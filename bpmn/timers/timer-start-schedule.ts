// When a process-level timer start event fires (Camunda 8: timeDate, or timeCycle as an ISO-8601 repeating interval
// with an optional start, or a cron). Pure and deterministic: the compiler checks a schedule with it at deploy and
// the timer-start workflow computes each next fire with it from workflow time.
import { CronError, nextCronTime, parseCron } from './cron';

export type TimerStartSchedule =
  /** one fire at this instant (ISO, normalised to UTC) */
  | { kind: 'date'; at: string }
  /** fire k (1-based) at start + (k-1)·period, or, without a start, at the schedule's anchor + k·period */
  | { kind: 'cycle'; repetitions: number | null; start?: string; period: string }
  | { kind: 'cron'; expression: string };

/** Where a schedule stands: its anchor (when it began: the deploy), how many fires it has used, the last one. */
export interface ScheduleCursor {
  anchor: number;
  fired: number;
  last?: number;
}

export interface Fire {
  /** 1-based; a collapsed catch-up skips indices (they count as used) */
  index: number;
  at: number;
}

export const MIN_START_CYCLE_MS = 60_000;
const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const REPEAT = /^R(\d*)$/;
const DAY_MS = 86_400_000;

function instant(text: string): number | undefined {
  if (!DATE_TIME.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Adds `times` × an ISO duration to an instant: years and months on the UTC calendar (clamped to the month's end). */
export function addDuration(fromMs: number, iso: string, times = 1): number {
  const m = DURATION.exec(iso);
  if (!m) throw new Error(`'${iso}' is not an ISO-8601 duration`);
  const n = (i: number) => Number(m[i] ?? 0);
  let at = fromMs;
  const months = (n(1) * 12 + n(2)) * times;
  if (months) {
    const d = new Date(at);
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
    at = d.getTime();
  }
  const ms = ((n(3) * 7 + n(4)) * 24 + n(5)) * 3_600_000 + n(6) * 60_000 + Number(m[7] ?? 0) * 1000;
  return at + ms * times;
}

/** The shortest span a duration can mean (a month counts 28 days, a year 365). */
function minimumMs(iso: string): number {
  const m = DURATION.exec(iso);
  if (!m) return 0;
  const n = (i: number) => Number(m[i] ?? 0);
  return (
    (n(1) * 365 + n(2) * 28 + n(3) * 7 + n(4)) * DAY_MS +
    n(5) * 3_600_000 +
    n(6) * 60_000 +
    Number(m[7] ?? 0) * 1000
  );
}

export type ParsedTimerStart = { ok: true; schedule: TimerStartSchedule } | { ok: false; message: string };

/** Reads a timer start's literal value; every refusal says why (the compiler adds the element id). */
export function parseTimerStart(kind: 'date' | 'cycle' | 'duration', value: string): ParsedTimerStart {
  const text = value.trim();
  if (kind === 'duration')
    return { ok: false, message: 'a timer start event needs a timeDate or a timeCycle, not a timeDuration' };
  if (kind === 'date') {
    const at = instant(text);
    return at === undefined
      ? { ok: false, message: `timeDate '${text}' is not an ISO-8601 date-time with offset` }
      : { ok: true, schedule: { kind: 'date', at: new Date(at).toISOString() } };
  }
  const parts = text.split('/');
  const rep = REPEAT.exec(parts[0] ?? '');
  if (!rep) {
    // Zeebe reads anything that is not a repeating interval as a cron
    try {
      const cron = parseCron(text);
      if (cron.seconds.length > 1)
        return { ok: false, message: `cron '${text}' fires more often than once a minute` };
      return { ok: true, schedule: { kind: 'cron', expression: text } };
    } catch (err) {
      const reason = err instanceof CronError ? err.message : String(err);
      return {
        ok: false,
        message: `timeCycle '${text}' is neither R<n>/<duration> nor a valid cron: ${reason}`,
      };
    }
  }
  if (parts.length !== 2 && parts.length !== 3)
    return {
      ok: false,
      message: `timeCycle '${text}' must look like R5/PT1H or R/2026-01-01T08:00:00+08:00/P1D`,
    };
  const period = parts[parts.length - 1] as string;
  if (!DURATION.test(period) || period.endsWith('T'))
    return { ok: false, message: `timeCycle '${text}': '${period}' is not an ISO-8601 duration` };
  if (minimumMs(period) < MIN_START_CYCLE_MS)
    return { ok: false, message: `timeCycle '${text}' repeats more often than once a minute` };
  const repetitions = rep[1] === '' ? null : Number(rep[1]);
  if (repetitions === 0) return { ok: false, message: `timeCycle '${text}': R0 never fires` };
  let start: string | undefined;
  if (parts.length === 3) {
    const at = instant(parts[1] as string);
    if (at === undefined)
      return {
        ok: false,
        message: `timeCycle '${text}': the start '${parts[1]}' is not an ISO-8601 date-time with offset`,
      };
    start = new Date(at).toISOString();
  }
  return { ok: true, schedule: { kind: 'cycle', repetitions, period, ...(start ? { start } : {}) } };
}

/** Fire `index` (1-based) of a cycle. */
function cycleTime(s: Extract<TimerStartSchedule, { kind: 'cycle' }>, anchor: number, index: number): number {
  return s.start
    ? addDuration(Date.parse(s.start), s.period, index - 1)
    : addDuration(anchor, s.period, index);
}

/** The largest index ≥ from (within the repetitions) whose fire is at or before `now`; `from` itself must be. */
function lastDueIndex(
  s: Extract<TimerStartSchedule, { kind: 'cycle' }>,
  anchor: number,
  from: number,
  now: number,
) {
  const within = (k: number) => s.repetitions === null || k <= s.repetitions;
  let lo = from;
  let step = 1;
  while (within(lo + step) && cycleTime(s, anchor, lo + step) <= now) {
    lo += step;
    step *= 2;
  }
  // the answer lies in [lo, lo + step): halve the step until it is found
  while (step > 1) {
    step = Math.floor(step / 2);
    if (within(lo + step) && cycleTime(s, anchor, lo + step) <= now) lo += step;
  }
  return lo;
}

/**
 * The next fire after the cursor. Fires before the anchor (the deploy) never happen, but they count against a
 * cycle's repetitions. Fires already due (the schedule could not run for a while) collapse into one: the latest due
 * one, returned with its instant in the past (fire it at once). Null: the schedule has no fire left.
 */
export function nextFire(schedule: TimerStartSchedule, cursor: ScheduleCursor, now: number): Fire | null {
  switch (schedule.kind) {
    case 'date':
      return cursor.fired >= 1 ? null : { index: 1, at: Date.parse(schedule.at) };
    case 'cycle': {
      let index = cursor.fired + 1;
      const floor = cursor.last ?? cursor.anchor - 1;
      // skip fires at or before the floor (before the deploy, or already fired)
      if (cycleTime(schedule, cursor.anchor, index) <= floor)
        index = lastDueIndex(schedule, cursor.anchor, index, floor) + 1;
      if (schedule.repetitions !== null && index > schedule.repetitions) return null;
      const at = cycleTime(schedule, cursor.anchor, index);
      if (at > now) return { index, at };
      const due = lastDueIndex(schedule, cursor.anchor, index, now);
      return { index: due, at: cycleTime(schedule, cursor.anchor, due) };
    }
    case 'cron': {
      const cron = parseCron(schedule.expression);
      let at = nextCronTime(cron, cursor.last ?? cursor.anchor - 1);
      if (at === null) return null;
      // collapse what is due into the latest due fire (bounded: a minute apart at most, so a long outage is cheap)
      for (let i = 0, next = nextCronTime(cron, at); next !== null && next <= now && i < 100_000; i += 1) {
        at = next;
        next = nextCronTime(cron, at);
      }
      return { index: cursor.fired + 1, at };
    }
  }
}

/** The first fire of a schedule deployed at `now`; null: it would never fire (refused at deploy). */
export function firstFire(schedule: TimerStartSchedule, now: number): Fire | null {
  const fire = nextFire(schedule, { anchor: now, fired: 0 }, now);
  if (!fire || fire.at < now) return null;
  return fire;
}
