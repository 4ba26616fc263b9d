// The timer-start workflow's name, id and query, shared with the API (which starts and cancels it at deploy).
import { defineQuery } from '@temporalio/workflow';
import type { TimerStartSchedule } from '../../bpmn/timers/timer-start-schedule';

export const TIMER_START_WORKFLOW = 'timerStart';

export interface TimerStartInput {
  processKey: string;
  processVersion: number;
  elementId: string;
  schedule: TimerStartSchedule;
  /** fires per run before continuing as new (default 100): keeps each run's history short */
  firesPerRun?: number;
}

export interface TimerStartResult {
  fired: number;
  ended: 'exhausted' | 'superseded';
}

/** One schedule per timer start event of a version: deploying the next version cancels it by this id. */
export function timerStartWorkflowId(processKey: string, version: number, elementId: string): string {
  return `timer-start:${processKey}:v${version}:${elementId}`;
}

/** The next fire (ISO), null when none is left. */
export const timerStartNextFireQuery = defineQuery<string | null>('timerStart.nextFire');
