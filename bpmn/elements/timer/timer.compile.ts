// Compile rules of timer event definitions: exactly one of timeDuration / timeDate / timeCycle, ISO-8601 or FEEL,
// cycles at most once a minute, rf:calendar only on whole days; at process level a timer start, whose schedule is
// read at deploy (a FEEL value without variables, as in Zeebe) and travels in the graph.
import { evaluateValue, feelSyntaxError, isFeel, stripEquals } from '../../feel/feel';
import type { TimerSpecDef } from '../../graph.types';
import { type TimerStartSchedule, parseTimerStart } from '../../timers/timer-start-schedule';
import { type CompileProblems, type Mod, body, str } from '../../compile/moddle-read';

export const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
export const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})(\[[^\]]+\])?$/;
const CYCLE = /^R(\d*)\/(P.+)$/;
export const DAYS_ONLY = /^P\d+D$/;
export const CALENDARS = new Set(['cn-workday', 'calendar-day']);
/** Runaway guard (issue 17): the shortest timer cycle period. */
export const MIN_CYCLE_PERIOD_MS = 60_000;

/** The shortest span an ISO-8601 duration can mean (a month counts 28 days, a year 365). */
export function minimumDurationMs(iso: string): number {
  const m = ISO_DURATION.exec(iso);
  if (!m) return 0;
  const n = (i: number) => Number.parseFloat(m[i] ?? '0') || 0;
  const day = 86_400_000;
  return (
    n(1) * 365 * day +
    n(2) * 28 * day +
    n(3) * 7 * day +
    n(4) * day +
    n(6) * 3_600_000 +
    n(7) * 60_000 +
    n(8) * 1000
  );
}

export type TimerStart = { elementId: string; schedule: TimerStartSchedule };

/**
 * timerEventDefinition → definition; problems are reported on the event `id`. `onTimerStart` is given for a
 * process-level start event: its schedule is handed to it.
 */
export function timerDefinition(
  d: Mod,
  id: string,
  out: CompileProblems,
  onTimerStart?: (start: TimerStart) => void,
): TimerSpecDef | undefined {
  const calendar = str(d.get?.('rf:calendar'));
  const parts: [TimerSpecDef['kind'], string | undefined][] = [
    ['duration', body(d.timeDuration)],
    ['date', body(d.timeDate)],
    ['cycle', body(d.timeCycle)],
  ];
  const present = parts.filter(([, v]) => v !== undefined && v !== '');
  if (present.length !== 1) {
    out.err(id, 'a timer needs exactly one of timeDuration, timeDate or timeCycle');
    return undefined;
  }
  const [kind, value] = present[0] as [TimerSpecDef['kind'], string];
  if (onTimerStart) return timerStart(id, kind, value, calendar, out, onTimerStart);
  if (isFeel(value)) out.feel(id, value, `timer ${kind}`);
  else if (kind === 'duration' && !ISO_DURATION.test(value))
    out.err(id, `timeDuration '${value}' is not an ISO-8601 duration`);
  else if (kind === 'date' && !ISO_DATE_TIME.test(value))
    out.err(id, `timeDate '${value}' is not an ISO-8601 date-time with offset`);
  else if (kind === 'cycle') {
    const m = CYCLE.exec(value);
    if (!m || !ISO_DURATION.test(m[2] ?? '')) out.err(id, `timeCycle '${value}' must look like R3/PT24H`);
    else if (minimumDurationMs(m[2] as string) < MIN_CYCLE_PERIOD_MS)
      out.err(id, `timeCycle '${value}' repeats more often than once a minute`);
  }
  if (calendar !== undefined) {
    if (!CALENDARS.has(calendar))
      out.err(id, `unknown rf:calendar '${calendar}' (use cn-workday or calendar-day)`);
    else if (kind !== 'duration' && !(kind === 'cycle' && DAYS_ONLY.test(CYCLE.exec(value)?.[2] ?? '')))
      out.err(id, `rf:calendar needs a timeDuration (or cycle) in whole days, PnD`);
    else if (kind === 'duration' && !isFeel(value) && !DAYS_ONLY.test(value))
      out.err(id, `rf:calendar '${calendar}' only counts days: use PnD, not '${value}'`);
  }
  return { kind, value, calendar: calendar as TimerSpecDef['calendar'] };
}

/**
 * A process-level timer start: its schedule is read now (a FEEL value is evaluated without variables, as in
 * Zeebe) and travels in the graph; the timer-start workflow of the version fires it.
 */
function timerStart(
  id: string,
  kind: TimerSpecDef['kind'],
  raw: string,
  calendar: string | undefined,
  out: CompileProblems,
  onTimerStart: (start: TimerStart) => void,
): TimerSpecDef | undefined {
  let value = raw;
  if (isFeel(raw)) {
    const syntax = feelSyntaxError(stripEquals(raw));
    if (syntax) {
      out.err(id, `timer ${kind} is not valid FEEL: ${syntax}`);
      return undefined;
    }
    let result: unknown;
    try {
      result = evaluateValue(raw, {});
    } catch (err) {
      result = err instanceof Error ? err : undefined;
    }
    if (typeof result !== 'string') {
      out.err(
        id,
        `timer ${kind} '${raw}' must evaluate to a string without variables (it is read at deploy)`,
      );
      return undefined;
    }
    value = result;
  }
  if (calendar !== undefined) {
    out.err(
      id,
      'rf:calendar is not supported on a timer start event: use a cron for working hours or weekdays',
    );
    return undefined;
  }
  const parsed = parseTimerStart(kind, value);
  if (!parsed.ok) {
    out.err(id, parsed.message);
    return undefined;
  }
  onTimerStart({ elementId: id, schedule: parsed.schedule });
  return { kind, value };
}
