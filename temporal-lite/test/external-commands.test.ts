// SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution: the target is reached when it runs,
// and the caller learns either way (signaled / cancel requested, or the matching failed event).
import type { Msg } from '../src/proto';
import { NS, noWait, kinds, useEngine } from './engine-harness';

describe('external signal and cancel commands', () => {
  const engineOf = useEngine();

  const start = (id: string) =>
    engineOf().startWorkflow({
      namespace: NS,
      workflowId: id,
      workflowType: { name: 'wf' },
      taskQueue: { name: `q-${id}` },
      requestId: id,
    });
  const poll = (id: string): Promise<Msg> =>
    engineOf().pollWorkflowTask({ namespace: NS, taskQueue: { name: `q-${id}` }, identity: 'w1' }, noWait);
  const complete = (task: Msg, commands: Msg[]) =>
    engineOf().respondWorkflowTaskCompleted({ taskToken: task.taskToken, identity: 'w1', commands });
  const historyOf = (id: string) => kinds(engineOf().find(NS, { workflowId: id }).history);

  it('given a running target, when a run signals it, then the target is signaled and the caller told so', async () => {
    start('sender');
    start('target');
    complete(await poll('sender'), [
      {
        commandType: 'COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION',
        signalExternalWorkflowExecutionCommandAttributes: {
          namespace: NS,
          execution: { workflowId: 'target' },
          signalName: 'go',
        },
      },
    ]);
    expect(historyOf('target')).toContain('WORKFLOW_EXECUTION_SIGNALED');
    expect(historyOf('sender')).toContain('EXTERNAL_WORKFLOW_EXECUTION_SIGNALED');
    expect(historyOf('sender')).not.toContain('SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED');
  });

  it('given no such target, when a run signals or cancels it, then the caller gets the failed events', async () => {
    start('lonely');
    complete(await poll('lonely'), [
      {
        commandType: 'COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION',
        signalExternalWorkflowExecutionCommandAttributes: {
          execution: { workflowId: 'nobody' },
          signalName: 'go',
        },
      },
      {
        commandType: 'COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION',
        requestCancelExternalWorkflowExecutionCommandAttributes: { workflowId: 'nobody' },
      },
    ]);
    const h = historyOf('lonely');
    expect(h).toContain('SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED');
    expect(h).toContain('REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED');
    expect(h).not.toContain('EXTERNAL_WORKFLOW_EXECUTION_SIGNALED');
  });

  it('given a running target, when a run cancels it, then the target gets a cancel request and the caller is told', async () => {
    start('boss');
    start('worker');
    complete(await poll('boss'), [
      {
        commandType: 'COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION',
        requestCancelExternalWorkflowExecutionCommandAttributes: { workflowId: 'worker' },
      },
    ]);
    expect(historyOf('worker')).toContain('WORKFLOW_EXECUTION_CANCEL_REQUESTED');
    expect(historyOf('boss')).toContain('EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED');
  });
});
