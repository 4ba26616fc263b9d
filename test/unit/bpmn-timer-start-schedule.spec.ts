// The schedule of process-level timer start events (bpmn/timers): parsing as Zeebe reads timeDate and timeCycle,
// the next fire from a cursor, catch-up after an outage, and the compiler's use of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { nextCronTime, parseCron } from '../../bpmn/timers/cron';
import {
  type TimerStartSchedule,
  addDuration,
  firstFire,
  nextFire,
  parseTimerStart,
} from '../../bpmn/timers/timer-start-schedule';

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

function schedule(kind: 'date' | 'cycle', value: string): TimerStartSchedule {
  const parsed = parseTimerStart(kind, value);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.schedule;
}

/** Every fire from `anchor` until `until`, as the workflow would take them (waking exactly at each). */
function fires(s: TimerStartSchedule, anchor: string, until: string): string[] {
  const out: string[] = [];
  let cursor = { anchor: ms(anchor), fired: 0, last: undefined as number | undefined };
  for (;;) {
    const f = nextFire(s, cursor, cursor.last ?? ms(anchor));
    if (!f || f.at > ms(until)) return out;
    out.push(iso(f.at) as string);
    cursor = { ...cursor, fired: f.index, last: f.at };
  }
}

describe('timer start schedule: parsing', () => {
  it.each([
    ['date', '2026-10-10T09:00:00+08:00', { kind: 'date', at: '2026-10-10T01:00:00.000Z' }],
    ['cycle', 'R5/PT1H', { kind: 'cycle', repetitions: 5, period: 'PT1H' }],
    ['cycle', 'R/P1D', { kind: 'cycle', repetitions: null, period: 'P1D' }],
    [
      'cycle',
      'R/2026-01-01T08:00:00+08:00/P1D',
      { kind: 'cycle', repetitions: null, period: 'P1D', start: '2026-01-01T00:00:00.000Z' },
    ],
    ['cycle', '0 0 9 * * MON-FRI', { kind: 'cron', expression: '0 0 9 * * MON-FRI' }],
    ['cycle', '@daily', { kind: 'cron', expression: '@daily' }],
  ] as const)('given %s %s, when parsed, then it is %j', (kind, value, expected) => {
    expect(parseTimerStart(kind, value)).toEqual({ ok: true, schedule: expected });
  });

  it.each([
    ['cycle', 'R/PT30S', /more often than once a minute/],
    ['cycle', '* * * * * *', /more often than once a minute/],
    ['cycle', '0/30 * * * * *', /more often than once a minute/],
    ['cycle', '0 0 25 * * *', /hour 25 is outside 0-23/],
    ['cycle', '0 9 * * *', /six fields/],
    ['cycle', '0 0 9 L * *', /L, W and # are not supported/],
    ['cycle', 'R0/PT1H', /R0 never fires/],
    ['cycle', 'R/yesterday/P1D', /not an ISO-8601 date-time/],
    ['cycle', 'R3/1H', /not an ISO-8601 duration/],
    ['date', '2026-10-10T09:00:00', /with offset/],
    ['duration', 'PT1H', /timeDate or a timeCycle/],
  ] as const)('given %s %s, when parsed, then it is refused saying %s', (kind, value, reason) => {
    const parsed = parseTimerStart(kind, value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(reason);
  });
});

describe('timer start schedule: fires', () => {
  it('given R3/PT1H deployed at 10:00, when it runs, then it fires at 11:00, 12:00 and 13:00 and stops', () => {
    expect(fires(schedule('cycle', 'R3/PT1H'), '2026-03-02T10:00:00Z', '2026-03-05T00:00:00Z')).toEqual([
      '2026-03-02T11:00:00.000Z',
      '2026-03-02T12:00:00.000Z',
      '2026-03-02T13:00:00.000Z',
    ]);
  });

  it('given a cycle with a start date before the deploy, when it runs, then the fires before the deploy are skipped', () => {
    const s = schedule('cycle', 'R/2026-01-01T08:00:00+08:00/P1D');
    expect(fires(s, '2026-01-03T12:00:00+08:00', '2026-01-05T12:00:00+08:00')).toEqual([
      '2026-01-04T00:00:00.000Z',
      '2026-01-05T00:00:00.000Z',
    ]);
  });

  it('given R2 with a start, when deployed after both fires, then it never fires (refused at deploy)', () => {
    const s = schedule('cycle', 'R2/2026-01-01T08:00:00+08:00/P1D');
    expect(firstFire(s, ms('2026-01-03T00:00:00Z'))).toBeNull();
    expect(iso(firstFire(s, ms('2026-01-01T12:00:00+08:00'))?.at)).toBe('2026-01-02T00:00:00.000Z');
  });

  it('given a timeDate, when deployed before it, then it fires once; after it, never', () => {
    const s = schedule('date', '2026-10-10T09:00:00+08:00');
    expect(fires(s, '2026-10-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-10-10T01:00:00.000Z']);
    expect(firstFire(s, ms('2026-10-11T00:00:00Z'))).toBeNull();
  });

  it('given a monthly cycle from 31 January, when it runs, then each month clamps to its last day', () => {
    const s = schedule('cycle', 'R3/2026-01-31T00:00:00Z/P1M');
    expect(fires(s, '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z')).toEqual([
      '2026-01-31T00:00:00.000Z',
      '2026-02-28T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
    expect(iso(addDuration(ms('2028-01-31T00:00:00Z'), 'P1M'))).toBe('2028-02-29T00:00:00.000Z');
  });

  it('given a weekday cron at 09:00, when it runs over a weekend, then it fires at 09:00 Beijing time on working weekdays', () => {
    const s = schedule('cycle', '0 0 9 * * MON-FRI');
    // Friday 2026-03-06 10:00 Beijing → Monday and Tuesday
    expect(fires(s, '2026-03-06T10:00:00+08:00', '2026-03-10T12:00:00+08:00')).toEqual([
      '2026-03-09T01:00:00.000Z',
      '2026-03-10T01:00:00.000Z',
    ]);
  });

  it('given cron fields with lists, ranges, steps and names, when evaluated, then each matches as Spring does', () => {
    const c = parseCron('30 */15 8-9 1,15 JAN,JUL ?');
    expect(c.minutes).toEqual([0, 15, 30, 45]);
    expect(c.hours).toEqual([8, 9]);
    expect(iso(nextCronTime(c, ms('2026-01-01T09:50:00+08:00')) ?? undefined)).toBe(
      '2026-01-15T00:00:30.000Z',
    );
    expect(nextCronTime(parseCron('0 0 0 30 2 *'), ms('2026-01-01T00:00:00Z'))).toBeNull();
  });

  it('given a cycle that could not run for a day, when it resumes, then the missed fires collapse into one', () => {
    const s = schedule('cycle', 'R/PT1H');
    const anchor = ms('2026-03-02T10:00:00Z');
    const late = nextFire(
      s,
      { anchor, fired: 1, last: ms('2026-03-02T11:00:00Z') },
      ms('2026-03-03T11:30:00Z'),
    );
    expect(late).toEqual({ index: 25, at: ms('2026-03-03T11:00:00Z') });
    // and the next one is back on the grid
    const after = nextFire(s, { anchor, fired: 25, last: late?.at }, ms('2026-03-03T11:30:00Z'));
    expect(iso(after?.at)).toBe('2026-03-03T12:00:00.000Z');
  });

  it('given a cron that could not run for a day, when it resumes, then it fires once for the latest missed minute', () => {
    const s = schedule('cycle', '0 * * * * *');
    const f = nextFire(
      s,
      { anchor: 0, fired: 3, last: ms('2026-03-02T10:00:00Z') },
      ms('2026-03-03T10:00:30Z'),
    );
    expect(f).toEqual({ index: 4, at: ms('2026-03-03T10:00:00Z') });
  });
});

describe('timer start events in the compiler', () => {
  const fixtures = join(__dirname, '../fixtures/bpmn');

  it('given timer-start-cycle.bpmn, when compiled, then the graph carries the schedule beside the none start', async () => {
    const result = await compileBpmn(readFileSync(join(fixtures, 'timer-start-cycle.bpmn'), 'utf8'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.graph.timerStarts).toEqual([
      { elementId: 'hourly', schedule: { kind: 'cycle', repetitions: 3, period: 'PT1H' } },
    ]);
    expect(result.graph.startEvent).toBe('start');
  });

  it('given the refused timer starts, when compiled, then each is named with its reason', async () => {
    const result = await compileBpmn(
      readFileSync(join(fixtures, 'invalid/timer-start-invalid.bpmn'), 'utf8'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byId = Object.fromEntries(result.errors.map((e) => [e.elementId, e.message]));
    expect(byId).toEqual({
      everyHalfMinute: expect.stringMatching(/more often than once a minute/),
      badCron: expect.stringMatching(/hour 25/),
      workdays: expect.stringMatching(/rf:calendar is not supported on a timer start event/),
      inAnHour: expect.stringMatching(/timeDate or a timeCycle/),
    });
  });

  it('given a FEEL cycle without variables, when compiled, then its value is read at deploy', async () => {
    const xml = readFileSync(join(fixtures, 'timer-start-cycle.bpmn'), 'utf8').replace(
      '>R3/PT1H<',
      '>="R" + string(2) + "/PT2H"<',
    );
    const result = await compileBpmn(xml);
    expect(result.ok && result.graph.timerStarts?.[0]?.schedule).toEqual({
      kind: 'cycle',
      repetitions: 2,
      period: 'PT2H',
    });
    const withVariable = await compileBpmn(xml.replace('string(2)', 'string(n)'));
    expect(withVariable.ok).toBe(false);
  });
});
