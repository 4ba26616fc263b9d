// A closing workflow task that raced with a new event is refused the way a real server refuses it.
import { status } from '@grpc/grpc-js';
import { GrpcError } from '../src/errors';
import { NS, noWait, useEngine } from './engine-harness';

describe('closing past an event that arrived during the task', () => {
  const engineOf = useEngine();

  it('records the failure, schedules a new task and answers INVALID_ARGUMENT "UnhandledCommand"', async () => {
    // given a started workflow task and a signal that lands while it is in flight
    engineOf().startWorkflow({ namespace: NS, workflowId: 'late', workflowType: { name: 'wf' }, taskQueue: { name: 'q-late' }, requestId: 'r1' });
    const task = await engineOf().pollWorkflowTask({ namespace: NS, taskQueue: { name: 'q-late' }, identity: 'w1' }, noWait);
    engineOf().signal({ namespace: NS, workflowExecution: { workflowId: 'late' }, signalName: 'add', identity: 'client' });

    // when the worker tries to complete the workflow with that task
    let refusal: unknown;
    try {
      engineOf().respondWorkflowTaskCompleted({
        taskToken: task.taskToken,
        identity: 'w1',
        commands: [{ commandType: 'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION', completeWorkflowExecutionCommandAttributes: {} }],
      });
    } catch (err) {
      refusal = err;
    }

    // then the call is refused, the run stays open, and the signal follows the failure before a new task
    expect(refusal).toBeInstanceOf(GrpcError);
    expect((refusal as GrpcError).code).toBe(status.INVALID_ARGUMENT);
    expect((refusal as GrpcError).message).toBe('UnhandledCommand');
    const exec = engineOf().find(NS, { workflowId: 'late' });
    expect(exec.status).toBe('Running');
    expect(exec.history.slice(-4).map((e) => String(e.eventType).replace('EVENT_TYPE_', ''))).toEqual([
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_FAILED',
      'WORKFLOW_EXECUTION_SIGNALED',
      'WORKFLOW_TASK_SCHEDULED',
    ]);
    expect(exec.history.at(-3)?.workflowTaskFailedEventAttributes?.cause).toBe('WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND');
  });
});
