// Proves the worker, Temporal and PostgreSQL work end to end: activity write, signal, update, query, completion.
import type { Duration } from '@temporalio/common';
import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SmokeActivities } from '../activities/smoke.activities';
import { type SmokeState, smokeConfirmUpdate, smokeProceedSignal, smokeStateQuery } from './messages';

export interface SmokeInput {
  label: string;
  /** Give up waiting for the signal after this long (ms or a duration string such as '1 day'). */
  signalTimeout?: string | number;
}

export interface SmokeResult {
  label: string;
  note: string;
  confirmedBy: string;
  rowIds: string[];
}

const { recordSmokeStep } = proxyActivities<SmokeActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', maximumAttempts: 10, nonRetryableErrorTypes: ['SmokeInvalidInput'] },
});

export async function smokeWorkflow(input: SmokeInput): Promise<SmokeResult> {
  const state: SmokeState = { phase: 'recording', rows: 0 };
  setHandler(smokeStateQuery, () => ({ ...state }));
  setHandler(smokeProceedSignal, ({ note }) => {
    if (state.phase === 'waiting-signal' || state.phase === 'recording') state.note ??= note;
  });
  setHandler(
    smokeConfirmUpdate,
    ({ by }) => {
      state.confirmedBy = by;
      state.phase = 'finishing';
      return { ...state };
    },
    {
      validator: ({ by }) => {
        if (state.phase !== 'waiting-update')
          throw new Error(`not waiting for confirmation (phase ${state.phase})`);
        if (typeof by !== 'string' || by.length === 0) throw new Error('by is required');
      },
    },
  );

  const rowIds = [(await recordSmokeStep({ step: 'start', label: input.label })).id];
  state.rows = 1;

  state.phase = 'waiting-signal';
  const signalled = await (input.signalTimeout === undefined
    ? condition(() => state.note !== undefined).then(() => true)
    : condition(() => state.note !== undefined, input.signalTimeout as Duration));
  if (!signalled) throw ApplicationFailure.nonRetryable('no proceed signal in time', 'SmokeTimedOut');

  state.phase = 'waiting-update';
  await condition(() => state.confirmedBy !== undefined);

  rowIds.push((await recordSmokeStep({ step: 'finish', label: input.label, note: state.note })).id);
  state.rows = 2;
  state.phase = 'completed';
  return { label: input.label, note: state.note ?? '', confirmedBy: state.confirmedBy ?? '', rowIds };
}
