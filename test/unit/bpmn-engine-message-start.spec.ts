import { EngineHarness } from '../../bpmn/testing/engine-harness';

describe('bpmn engine: process-level message start events', () => {
  it('given a process started by message, when started at that start event, then only its output mappings take the message variables', async () => {
    const h = await EngineHarness.load('message-start');
    expect(h.graph.startEvent).toBe('');
    expect(h.graph.messageStarts).toEqual([{ elementId: 'received', messageName: 'application-received' }]);
    h.send({
      type: 'start',
      variables: { businessKey: 'K-1', applicant: { name: '王芳', idNumber: 'secret' } },
      startEvent: 'received',
    });
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['checkApplication']);
    expect(h.vars()).toEqual({ businessKey: 'K-1', applicantName: '王芳' });
  });

  it('given a message start, when a start names an element that is not a start event, then it is refused and nothing starts', async () => {
    const h = await EngineHarness.load('message-start');
    const r = h.send({ type: 'start', variables: {}, startEvent: 'checkApplication' });
    expect(r.rejected?.reason).toBe('UNKNOWN_KEY');
    expect(h.status).toBe('new');
  });
});
