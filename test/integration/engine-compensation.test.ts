// Compensation (throw events waiting for their handlers) on a real worker, temporal-lite and PostgreSQL.
import { caseStateQuery } from '../../workflows/messages';
import { eventually } from '../support/eventually';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { fixtureCaseStarter } from '../support/fixture-case';

describe('runCase: compensation on Temporal', () => {
  let stack: WorkerStack;
  const taskQueue = `engine-compensation-${process.pid}-${Date.now()}`;
  let startFixtureCase: ReturnType<typeof fixtureCaseStarter>;

  beforeAll(async () => {
    stack = await startWorkerStack('engine-compensation', taskQueue);
    startFixtureCase = fixtureCaseStarter(stack);
  });
  afterAll(() => stack?.stop());

  const start = (fixture: string) => startFixtureCase(fixture);

  it('given two completed bookings, when the throw event compensates, then the history names the handlers and the case goes on once they are done', async () => {
    const c = await start('compensation-throw-event');
    const waiting = await eventually(() => c.handle.query(caseStateQuery), c.openTask('cancelFlight'));
    // the throw event waits for the user-task handler: review is not open yet
    expect(waiting.tasks.map((t) => t.elementId)).toEqual(['cancelFlight']);
    const thrown = await eventually(c.history, (rows) => rows.some((r) => r.type === 'compensation-thrown'));
    expect(thrown.filter((r) => r.type === 'compensation-thrown')).toEqual([
      {
        type: 'compensation-thrown',
        element_id: 'undoBookings',
        data: {
          handlers: [
            { handler: 'cancelFlight', compensates: 'bookFlight' },
            { handler: 'cancelHotel', compensates: 'bookHotel' },
          ],
        },
      },
    ]);
    await c.complete('cancelFlight');
    const done = await c.complete('review');
    expect(done.case).toMatchObject({ status: 'completed' });
    expect(await c.handle.result()).toMatchObject({ status: 'completed' });
    const completed = (await c.history())
      .filter((r) => r.type === 'element-completed')
      .map((r) => r.element_id);
    expect(completed).toEqual(expect.arrayContaining(['cancelHotel', 'cancelFlight', 'undoBookings']));
    expect(completed.indexOf('cancelFlight')).toBeLessThan(completed.indexOf('undoBookings'));
  });
});
