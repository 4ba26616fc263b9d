import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../bpmn/compile/compile-bpmn';
import { EngineHarness, FIXTURE_DIR } from '../../bpmn/testing/engine-harness';

const history = (h: EngineHarness) => h.effectsOf('history');
/** the handlers each compensation throw started, in order */
const thrown = (h: EngineHarness) =>
  history(h)
    .filter((e) => e.event === 'compensation-thrown')
    .map((e): Record<string, unknown> => ({ by: e.elementId, ...e.data }));
/** elements in the order they completed */
const completions = (h: EngineHarness, ids: string[]) =>
  history(h)
    .filter((e) => e.event === 'element-completed' && ids.includes(e.elementId ?? ''))
    .map((e) => e.elementId);

describe('bpmn engine: compensation', () => {
  it('given two completed bookings, when a throw event compensates, then both handlers run latest first and the throw waits for them', async () => {
    const h = await EngineHarness.load('compensation-throw-event');
    h.start();
    expect(thrown(h)).toEqual([
      {
        by: 'undoBookings',
        handlers: [
          { handler: 'cancelFlight', compensates: 'bookFlight' },
          { handler: 'cancelHotel', compensates: 'bookHotel' },
        ],
      },
    ]);
    // cancelFlight is a user task: the throw event is still active, review not yet reached
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['cancelFlight']);
    expect(h.active()).toContain('undoBookings');
    expect(completions(h, ['cancelHotel'])).toEqual(['cancelHotel']);
    h.complete('cancelFlight');
    expect(completions(h, ['cancelFlight', 'undoBookings'])).toEqual(['cancelFlight', 'undoBookings']);
    expect(h.openTasks().map((t) => t.elementId)).toEqual(['review']);
    h.complete('review');
    expect(h.status).toBe('completed');
  });

  it('given an end event with activityRef, when reached, then only that activity is compensated before the case ends', async () => {
    const h = await EngineHarness.load('compensation-end-event');
    h.start();
    expect(thrown(h)).toEqual([
      {
        by: 'undoHotel',
        activityRef: 'bookHotel',
        handlers: [{ handler: 'cancelHotel', compensates: 'bookHotel' }],
      },
    ]);
    expect(h.status).toBe('active');
    h.complete('cancelHotel');
    expect(h.status).toBe('completed');
    expect(history(h).some((e) => e.elementId === 'cancelFlight')).toBe(false);
  });

  it('given an activityRef naming a subprocess, when thrown, then its inner compensations run after its boundary is passed', async () => {
    const h = await EngineHarness.load('compensation-activity-ref-subprocess');
    h.start();
    expect(thrown(h)).toEqual([
      {
        by: 'undoBooking',
        activityRef: 'booking',
        handlers: [{ handler: 'cancelHotel', compensates: 'bookHotel' }],
      },
    ]);
    // as in Zeebe, the boundary event is passed before its handler runs
    expect(completions(h, ['bookHotelComp', 'cancelHotel', 'undoBooking'])).toEqual([
      'bookHotelComp',
      'cancelHotel',
      'undoBooking',
    ]);
    expect(history(h).some((e) => e.elementId === 'refund')).toBe(false);
    expect(h.status).toBe('completed');
  });

  it('given completed subprocesses, when thrown inside one, then only its own activities; when thrown outside, then the rest', async () => {
    const h = await EngineHarness.load('compensation-subprocess');
    h.start();
    expect(thrown(h)).toEqual([
      { by: 'undoRetry', handlers: [{ handler: 'releaseSeat', compensates: 'holdSeat' }] },
      // releaseSeat was used up by the inner throw; the completed subprocess 'booking' is searched
      {
        by: 'undoAll',
        handlers: [
          { handler: 'cancelHotel', compensates: 'bookHotel' },
          { handler: 'refund', compensates: 'charge' },
        ],
      },
    ]);
    expect(h.status).toBe('completed');
  });

  it('given multi-instance activities, when compensated, then the task once and the subprocess content per instance', async () => {
    const h = await EngineHarness.load('compensation-multi-instance');
    h.start({ rooms: ['a', 'b', 'c'] });
    const [throw1] = thrown(h);
    expect(throw1?.handlers).toEqual([
      { handler: 'retractAll', compensates: 'notifyAll' },
      { handler: 'cancelRoom', compensates: 'bookRoom' },
      { handler: 'cancelRoom', compensates: 'bookRoom' },
      { handler: 'cancelRoom', compensates: 'bookRoom' },
    ]);
    expect(completions(h, ['cancelRoom'])).toHaveLength(3);
    // the multi-instance handler: three instances, then its body
    expect(completions(h, ['retractAll'])).toHaveLength(4);
    expect(h.status).toBe('completed');
  });

  it("given an error event subprocess, when it compensates, then its own and the outer scope's completed activities are undone", async () => {
    const h = await EngineHarness.load('compensation-error-event-subprocess');
    h.start();
    h.complete('approve');
    expect(thrown(h)[0]?.handlers).toEqual([
      { handler: 'unnotify', compensates: 'notify' },
      { handler: 'revoke', compensates: 'approve' },
      { handler: 'release', compensates: 'reserve' },
    ]);
    expect(h.status).toBe('active');
    h.complete('release');
    expect(h.status).toBe('completed');
  });

  it('given a subprocess ended by its timer boundary, when compensating outside it, then nothing inside it is compensated', async () => {
    const h = await EngineHarness.load('compensation-interrupted-subprocess');
    h.start();
    h.fireTimer('timeout');
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['confirm']);
    expect(thrown(h)).toEqual([{ by: 'undoAll', handlers: [{ handler: 'refund', compensates: 'charge' }] }]);
    // bookHotel's record went with the terminated subprocess: nothing is kept
    expect(h.state.compensations).toBeUndefined();
    expect(h.status).toBe('completed');
  });

  it('given an activity completed twice in a loop, when compensated, then its handler runs twice', async () => {
    const h = await EngineHarness.load('compensation-loop');
    h.start({ count: 0 });
    expect(thrown(h)[0]?.handlers).toEqual([
      { handler: 'unbook', compensates: 'book' },
      { handler: 'unbook', compensates: 'book' },
    ]);
    expect(completions(h, ['unbook'])).toHaveLength(2);
    expect(h.status).toBe('completed');
  });

  it('given a handler still running, when the case is cancelled, then it is withdrawn and no compensation is left', async () => {
    const h = await EngineHarness.load('compensation-throw-event');
    h.start();
    // each completion is compensated once: a second throw would find nothing
    expect(h.state.compensations).toBeUndefined();
    h.send({ type: 'cancel', reason: 'test' });
    expect(h.status).toBe('terminated');
    expect(h.withdrawn.map((w) => w.elementId)).toEqual(['cancelFlight']);
  });

  it('given a graph without compensation, when run, then no compensation state is written', async () => {
    const h = await EngineHarness.load('subprocess-embedded');
    h.start();
    for (const t of h.openTasks()) h.complete(t.elementId);
    expect('compensations' in h.state).toBe(false);
  });
});

describe('bpmn compiler: compensation', () => {
  it('given a compensation boundary with its handler, when compiled, then the boundary names the handler', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'compensation-throw-event.bpmn'), 'utf8');
    const result = await compileBpmn(xml, { lint: true });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.graph.nodes.bookHotelComp).toMatchObject({
      kind: 'boundaryEvent',
      eventDefinition: { kind: 'compensation' },
      compensationHandler: 'cancelHotel',
    });
    expect(result.graph.nodes.cancelHotel).toMatchObject({ forCompensation: true });
  });

  it('given unsupported compensation, when compiled, then each refusal names the element and the feature', async () => {
    const xml = readFileSync(join(FIXTURE_DIR, 'invalid', 'compensation-unsupported.bpmn'), 'utf8');
    const result = await compileBpmn(xml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { elementId: 'noWait', message: expect.stringContaining('waitForCompletion="false"') },
      { elementId: 'compStart', message: expect.stringContaining('compensation event subprocesses') },
      {
        elementId: 'undoBook',
        message: expect.stringContaining(
          "activityRef 'book' names an activity without a compensation boundary",
        ),
      },
    ]);
  });
});
