// Eager activity dispatch at the engine level: what RespondWorkflowTaskCompleted hands back, and what polls see.
import type { Msg } from '../src/proto';
import { NS, noWait, useEngine } from './engine-harness';

// Each workflow gets its own task queue, so a poll takes exactly that workflow's task.
const queueOf = (workflowId: string): string => `q-${workflowId}`;

function scheduleActivity(id: string, eager: boolean, taskQueue: string): Msg {
  return {
    commandType: 'COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK',
    scheduleActivityTaskCommandAttributes: {
      activityId: id,
      activityType: { name: 'step' },
      taskQueue: { name: taskQueue },
      startToCloseTimeout: { seconds: 10 },
      requestEagerExecution: eager,
    },
  };
}

describe('eager activity dispatch', () => {
  const engineOf = useEngine();

  async function startAndTakeTask(workflowId: string): Promise<Msg> {
    engineOf().startWorkflow({ namespace: NS, workflowId, workflowType: { name: 'wf' }, taskQueue: { name: queueOf(workflowId) }, requestId: workflowId });
    const task = await engineOf().pollWorkflowTask({ namespace: NS, taskQueue: { name: queueOf(workflowId) }, identity: 'worker-1' }, noWait);
    expect(task.taskToken).toBeDefined();
    return task;
  }

  function eventTypes(workflowId: string): string[] {
    const exec = engineOf().find(NS, { workflowId });
    return exec.history.map((e) => String(e.eventType).replace('EVENT_TYPE_', ''));
  }

  it('returns requested activities with the completion and never offers them to pollers', async () => {
    // given a workflow task that schedules one eager and one ordinary activity
    const task = await startAndTakeTask('wf-eager');

    // when the worker completes it
    const resp = engineOf().respondWorkflowTaskCompleted({
      taskToken: task.taskToken,
      identity: 'worker-1',
      commands: [scheduleActivity('a1', true, queueOf('wf-eager')), scheduleActivity('a2', false, queueOf('wf-eager'))],
    });

    // then only the eager one comes back, already started, and a poller gets only the other one
    expect(resp.activityTasks).toHaveLength(1);
    expect(resp.activityTasks[0]).toMatchObject({ activityId: 'a1', attempt: 1, workflowExecution: { workflowId: 'wf-eager' } });
    const polled = await engineOf().pollActivityTask({ namespace: NS, taskQueue: { name: queueOf('wf-eager') }, identity: 'worker-2' }, noWait);
    expect(polled.activityId).toBe('a2');
    const again = await engineOf().pollActivityTask({ namespace: NS, taskQueue: { name: queueOf('wf-eager') }, identity: 'worker-2' }, noWait);
    expect(again.taskToken).toBeUndefined();

    // and completing it by its token writes Started (by the completing worker) then Completed
    engineOf().respondActivityCompleted({ taskToken: resp.activityTasks[0].taskToken, identity: 'worker-1', result: { payloads: [] } });
    const history = engineOf().find(NS, { workflowId: 'wf-eager' }).history;
    const started = history.find((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_STARTED');
    expect(started?.activityTaskStartedEventAttributes).toMatchObject({ identity: 'worker-1', attempt: 1 });
    expect(eventTypes('wf-eager').slice(-3)).toEqual(['ACTIVITY_TASK_STARTED', 'ACTIVITY_TASK_COMPLETED', 'WORKFLOW_TASK_SCHEDULED']);
  });

  it('queues the activity instead when eager dispatch is off or the task queue differs', async () => {
    // given eager dispatch turned off
    engineOf().eagerActivities = false;
    const task = await startAndTakeTask('wf-off');

    // when the worker asks for eager execution anyway
    const resp = engineOf().respondWorkflowTaskCompleted({ taskToken: task.taskToken, identity: 'worker-1', commands: [scheduleActivity('a1', true, queueOf('wf-off'))] });

    // then nothing comes back eagerly and a poller gets it
    expect(resp.activityTasks).toBeUndefined();
    const polled = await engineOf().pollActivityTask({ namespace: NS, taskQueue: { name: queueOf('wf-off') }, identity: 'worker-2' }, noWait);
    expect(polled.activityId).toBe('a1');

    // given eager on but an activity for another task queue
    engineOf().eagerActivities = true;
    const other = await startAndTakeTask('wf-other-queue');
    const resp2 = engineOf().respondWorkflowTaskCompleted({ taskToken: other.taskToken, identity: 'worker-1', commands: [scheduleActivity('b1', true, 'elsewhere')] });
    expect(resp2.activityTasks).toBeUndefined();
    const polledElsewhere = await engineOf().pollActivityTask({ namespace: NS, taskQueue: { name: 'elsewhere' }, identity: 'worker-3' }, noWait);
    expect(polledElsewhere.activityId).toBe('b1');
  });

  it('hands out nothing for an activity cancelled, or a workflow completed, by the same task', async () => {
    // given a task that schedules an eager activity and cancels it at once
    const task = await startAndTakeTask('wf-cancelled');
    const resp = engineOf().respondWorkflowTaskCompleted({
      taskToken: task.taskToken,
      identity: 'worker-1',
      commands: [scheduleActivity('a1', true, queueOf('wf-cancelled')), { commandType: 'COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK', requestCancelActivityTaskCommandAttributes: { scheduledEventId: 5 } }],
    });
    // then no task is handed out and the activity is recorded as cancelled before it started
    expect(resp.activityTasks).toBeUndefined();
    expect(eventTypes('wf-cancelled')).toContain('ACTIVITY_TASK_CANCELED');

    // given a task that schedules an eager activity and completes the workflow
    const task2 = await startAndTakeTask('wf-closed');
    const resp2 = engineOf().respondWorkflowTaskCompleted({
      taskToken: task2.taskToken,
      identity: 'worker-1',
      commands: [scheduleActivity('a1', true, queueOf('wf-closed')), { commandType: 'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION', completeWorkflowExecutionCommandAttributes: {} }],
    });
    // then no task is handed out for the closed run
    expect(resp2.activityTasks).toBeUndefined();
    expect(eventTypes('wf-closed').at(-1)).toBe('WORKFLOW_EXECUTION_COMPLETED');
  });
});
