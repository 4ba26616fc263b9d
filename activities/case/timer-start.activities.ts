// The activities of the timer-start workflow: its schedule's progress in PostgreSQL, and one case started per fire
// the way a message or signal start does (case row first, then runCase at the timer start event). Idempotent: the
// case id derives from the schedule and the fire's instant, so a retried or repeated fire starts one case.
import type { DataSource } from 'typeorm';
import { advisoryXactLock } from '../../db/advisory-locks.repository';
import { formatBusinessKey, nextBusinessKeyNumber } from '../../db/business-key.repository';
import { insertMessageStartedCase } from '../../db/message-starts.repository';
import {
  DEPLOY_LOCK_CLASS,
  caseRowExists,
  endTimerSchedule,
  latestDefinitionVersion,
  openTimerSchedule,
  recordTimerFire,
  setTimerNextFire,
} from '../../db/timer-starts.repository';
import { startCaseFromActivity, uuidFrom } from './case-start';

/** The actor of a timer-started case: its `createdBy` and the actor of its case-started history event. */
export const TIMER_START_ACTOR = 'system:timer-start';
/** Business keys collide with hand-given ones only by chance: a few draws, then the fire fails loudly. */
const KEY_ATTEMPTS = 5;

export interface TimerScheduleRef {
  workflowId: string;
  processKey: string;
  processVersion: number;
  elementId: string;
}

export interface OpenTimerScheduleResult {
  anchor: string;
  fired: number;
  last: string | null;
  /** a newer version of the process is deployed: this schedule ends without firing */
  superseded: boolean;
  ended: boolean;
}

export interface FireTimerStartInput extends TimerScheduleRef {
  index: number;
  fireAt: string;
  /** the fire after this one (recorded for GET /process-definitions); null: none */
  nextFireAt: string | null;
}

function shanghaiYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
}

export function createTimerStartActivities(deps: { dataSource: DataSource; maxOpenTasksPerCase?: number }) {
  const { dataSource } = deps;
  return {
    async openTimerSchedule(
      input: TimerScheduleRef & { anchor: string; nextFireAt?: string | null },
    ): Promise<OpenTimerScheduleResult> {
      const row = await openTimerSchedule(dataSource, input);
      const latest = await latestDefinitionVersion(dataSource, input.processKey);
      const superseded = latest !== null && latest > input.processVersion;
      if (superseded) await endTimerSchedule(dataSource, input.workflowId, 'superseded');
      else if (input.nextFireAt !== undefined && row.endedAt === null)
        await setTimerNextFire(dataSource, input.workflowId, input.nextFireAt);
      return {
        anchor: row.anchor,
        fired: row.fired,
        last: row.lastFireAt,
        superseded,
        ended: row.endedAt !== null,
      };
    },

    async endTimerSchedule(input: { workflowId: string; reason: string }): Promise<void> {
      await endTimerSchedule(dataSource, input.workflowId, input.reason);
    },

    async fireTimerStart(
      input: FireTimerStartInput,
    ): Promise<{ caseId: string | null; superseded: boolean }> {
      const caseId = uuidFrom(`timer-start:${input.workflowId}:${input.fireAt}`);
      const decided = await dataSource.transaction(async (tx) => {
        // a deploy of this key commits before or after this whole block, never in between
        await advisoryXactLock(tx, DEPLOY_LOCK_CLASS, input.processKey);
        const latest = await latestDefinitionVersion(tx, input.processKey);
        if (latest !== null && latest > input.processVersion) {
          await endTimerSchedule(tx, input.workflowId, 'superseded');
          return { superseded: true as const };
        }
        let businessKey = await caseRowExists(tx, caseId);
        for (let attempt = 1; businessKey === null; attempt += 1) {
          const year = shanghaiYear(new Date(input.fireAt));
          const candidate = formatBusinessKey(
            input.processKey,
            year,
            await nextBusinessKeyNumber(tx, input.processKey, year),
          );
          const inserted = await insertMessageStartedCase(tx, {
            id: caseId,
            processKey: input.processKey,
            processVersion: input.processVersion,
            businessKey: candidate,
            variables: { businessKey: candidate },
            createdBy: TIMER_START_ACTOR,
          });
          if (inserted) businessKey = candidate;
          else if (attempt >= KEY_ATTEMPTS)
            throw new Error(`no free business key for ${input.processKey} after ${KEY_ATTEMPTS} draws`);
        }
        await recordTimerFire(tx, input.workflowId, {
          fired: input.index,
          lastFireAt: input.fireAt,
          nextFireAt: input.nextFireAt,
        });
        return { superseded: false as const, businessKey };
      });
      if (decided.superseded) return { caseId: null, superseded: true };
      await startCaseFromActivity(
        {
          caseId,
          processKey: input.processKey,
          processVersion: input.processVersion,
          businessKey: decided.businessKey,
          variables: {},
          startEvent: input.elementId,
          startedBy: TIMER_START_ACTOR,
          startData: { timerStart: input.elementId, firedAt: input.fireAt },
        },
        deps.maxOpenTasksPerCase,
      );
      return { caseId, superseded: false };
    },
  };
}

export type TimerStartActivities = ReturnType<typeof createTimerStartActivities>;
