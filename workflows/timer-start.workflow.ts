// One workflow per timer start event of a deployed version (Camunda 8's timer start subscription): sleeps on a
// durable timer until the next fire, then starts a case through an activity, the way message and signal starts do.
// Its progress lives in PostgreSQL too, so a run started again (continue-as-new, an API restart) resumes instead of
// firing twice. A newer version of the process ends it: the deploy cancels it, and each fire checks again.
import {
  CancellationScope,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { TimerStartActivities } from '../activities/case/timer-start.activities';
import { type Fire, type ScheduleCursor, nextFire } from '../bpmn/timers/timer-start-schedule';
import {
  type TimerStartInput,
  type TimerStartResult,
  timerStartNextFireQuery,
} from './timer-start/timer-start-messages';

export type { TimerStartInput, TimerStartResult } from './timer-start/timer-start-messages';

const acts = proxyActivities<TimerStartActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});

const DEFAULT_FIRES_PER_RUN = 100;
const iso = (ms: number): string => new Date(ms).toISOString();

export async function timerStart(input: TimerStartInput): Promise<TimerStartResult> {
  const { workflowId } = workflowInfo();
  const ref = {
    workflowId,
    processKey: input.processKey,
    processVersion: input.processVersion,
    elementId: input.elementId,
  };
  // the first run fixes the anchor (a relative cycle counts from it); later runs get it and the progress back
  const opened = await acts.openTimerSchedule({ ...ref, anchor: iso(Date.now()) });
  if (opened.superseded) return { fired: opened.fired, ended: 'superseded' };
  let cursor: ScheduleCursor = {
    anchor: Date.parse(opened.anchor),
    fired: opened.fired,
    ...(opened.last ? { last: Date.parse(opened.last) } : {}),
  };
  let next: Fire | null = opened.ended ? null : nextFire(input.schedule, cursor, Date.now());
  setHandler(timerStartNextFireQuery, () => (next ? iso(next.at) : null));
  if (next && !opened.ended)
    await acts.openTimerSchedule({ ...ref, anchor: opened.anchor, nextFireAt: iso(next.at) });

  try {
    for (let n = 0; n < (input.firesPerRun ?? DEFAULT_FIRES_PER_RUN); n += 1) {
      if (!next) {
        await acts.endTimerSchedule({ workflowId, reason: 'exhausted' });
        return { fired: cursor.fired, ended: 'exhausted' };
      }
      const wait = next.at - Date.now();
      if (wait > 0) await sleep(wait);
      // woken late (no worker for a while): what fell due meanwhile is one fire, the latest
      next = nextFire(input.schedule, cursor, Date.now()) ?? next;
      const fired: ScheduleCursor = { ...cursor, fired: next.index, last: next.at };
      const following = nextFire(input.schedule, fired, Math.max(Date.now(), next.at));
      const result = await acts.fireTimerStart({
        ...ref,
        index: next.index,
        fireAt: iso(next.at),
        nextFireAt: following ? iso(following.at) : null,
      });
      if (result.superseded) return { fired: cursor.fired, ended: 'superseded' };
      cursor = fired;
      next = following;
    }
  } catch (err) {
    // cancelled by the deploy of a newer version: say so in the schedule's row, then end as cancelled
    if (isCancellation(err))
      await CancellationScope.nonCancellable(() =>
        acts.endTimerSchedule({ workflowId, reason: 'superseded' }),
      );
    throw err;
  }
  return continueAsNew<typeof timerStart>(input);
}
