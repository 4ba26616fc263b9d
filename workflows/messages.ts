// Signals, updates and queries, declared once and shared by workflows, the API and tests.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export type SmokePhase = 'recording' | 'waiting-signal' | 'waiting-update' | 'finishing' | 'completed';

export interface SmokeState {
  phase: SmokePhase;
  note?: string;
  confirmedBy?: string;
  rows: number;
}

export const smokeProceedSignal = defineSignal<[{ note: string }]>('smoke.proceed');
/** Accepted only while the workflow waits for it; returns the workflow's phase after accepting. */
export const smokeConfirmUpdate = defineUpdate<SmokeState, [{ by: string }]>('smoke.confirm');
export const smokeStateQuery = defineQuery<SmokeState>('smoke.state');
export * from './case/case-messages';
export * from './timer-start/timer-start-messages';
