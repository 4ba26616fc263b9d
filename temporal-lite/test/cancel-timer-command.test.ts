// CancelTimer is checked as a real server checks it: an unknown timer fails the task, a started one is always cancelled.
import { status } from '@grpc/grpc-js';
import { GrpcError } from '../src/errors';
import type { Msg } from '../src/proto';
import { NS, noWait, kinds, useEngine } from './engine-harness';

describe('CancelTimer command', () => {
  const engineOf = useEngine();

  const startAndPoll = async (id: string): Promise<Msg> => {
    engineOf().startWorkflow({ namespace: NS, workflowId: id, workflowType: { name: 'wf' }, taskQueue: { name: `q-${id}` }, requestId: id });
    return engineOf().pollWorkflowTask({ namespace: NS, taskQueue: { name: `q-${id}` }, identity: 'w1' }, noWait);
  };

  const complete = (task: Msg, commands: Msg[]): unknown => {
    try {
      engineOf().respondWorkflowTaskCompleted({ taskToken: task.taskToken, identity: 'w1', commands });
      return undefined;
    } catch (err) {
      return err;
    }
  };

  it('fails the workflow task with BAD_CANCEL_TIMER_ATTRIBUTES when the timer was never started', async () => {
    // given a started workflow task and no timers
    const task = await startAndPoll('unknown-timer');

    // when the worker completes it with a marker and a CancelTimer for a timer id the run never started
    const refusal = complete(task, [
      { commandType: 'COMMAND_TYPE_RECORD_MARKER', recordMarkerCommandAttributes: { markerName: 'm' } },
      { commandType: 'COMMAND_TYPE_CANCEL_TIMER', cancelTimerCommandAttributes: { timerId: '7' } },
    ]);

    // then the completion is refused, nothing it asked for is written, and a failed task plus a retry are recorded
    expect(refusal).toBeInstanceOf(GrpcError);
    expect((refusal as GrpcError).code).toBe(status.INVALID_ARGUMENT);
    const exec = engineOf().find(NS, { workflowId: 'unknown-timer' });
    expect(kinds(exec.history).slice(-3)).toEqual(['WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_FAILED', 'WORKFLOW_TASK_SCHEDULED']);
    expect(exec.history.at(-2)?.workflowTaskFailedEventAttributes?.cause).toBe('WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES');
    expect(kinds(exec.history)).not.toContain('MARKER_RECORDED');
    expect(exec.status).toBe('Running');
  });

  it('writes TimerCanceled for a started timer, also one started earlier in the same task', async () => {
    // given a run with timer 1 started by an earlier task
    const first = await startAndPoll('known-timer');
    complete(first, [{ commandType: 'COMMAND_TYPE_START_TIMER', startTimerCommandAttributes: { timerId: '1', startToFireTimeout: { seconds: 3600 } } }]);
    engineOf().signal({ namespace: NS, workflowExecution: { workflowId: 'known-timer' }, signalName: 'go', identity: 'client' });
    const second = await engineOf().pollWorkflowTask({ namespace: NS, taskQueue: { name: 'q-known-timer' }, identity: 'w1' }, noWait);

    // when the next task cancels it, and starts and cancels timer 2 in the same completion
    const refusal = complete(second, [
      { commandType: 'COMMAND_TYPE_CANCEL_TIMER', cancelTimerCommandAttributes: { timerId: '1' } },
      { commandType: 'COMMAND_TYPE_START_TIMER', startTimerCommandAttributes: { timerId: '2', startToFireTimeout: { seconds: 60 } } },
      { commandType: 'COMMAND_TYPE_CANCEL_TIMER', cancelTimerCommandAttributes: { timerId: '2' } },
    ]);

    // then both cancellations are written against their TimerStarted events
    expect(refusal).toBeUndefined();
    const exec = engineOf().find(NS, { workflowId: 'known-timer' });
    const started = new Map(exec.history.filter((e) => e.timerStartedEventAttributes).map((e) => [String(e.timerStartedEventAttributes.timerId), Number(e.eventId)]));
    const canceled = exec.history.filter((e) => e.timerCanceledEventAttributes).map((e) => e.timerCanceledEventAttributes as Msg);
    expect(canceled.map((a) => [String(a.timerId), Number(a.startedEventId)])).toEqual([
      ['1', started.get('1')],
      ['2', started.get('2')],
    ]);
    expect(exec.timers.size).toBe(0);
  });
});
