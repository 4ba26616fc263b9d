// Ad-hoc subprocess (activeElementsCollection, completionCondition) on a real worker, temporal-lite and PostgreSQL.
import { caseStateQuery } from '../../workflows/messages';
import { eventually } from '../support/eventually';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { fixtureCaseStarter } from '../support/fixture-case';

describe('runCase: ad-hoc subprocess on Temporal', () => {
  let stack: WorkerStack;
  const taskQueue = `engine-ad-hoc-${process.pid}-${Date.now()}`;
  let startFixtureCase: ReturnType<typeof fixtureCaseStarter>;

  beforeAll(async () => {
    stack = await startWorkerStack('engine-ad-hoc', taskQueue);
    startFixtureCase = fixtureCaseStarter(stack);
  });
  afterAll(() => stack?.stop());

  const start = (fixture: string) => startFixtureCase(fixture);

  it('given three reviews activated by the collection, when one approves, then the open review is withdrawn and the case goes on', async () => {
    const c = await start('ad-hoc-completion-condition');
    const opened = await eventually(
      () => c.handle.query(caseStateQuery),
      (s) => ['legalReview', 'technicalReview', 'ownerReview'].every((id) => c.openTask(id)(s)),
    );
    expect(opened.tasks.map((t) => t.elementId).sort()).toEqual([
      'legalReview',
      'ownerReview',
      'technicalReview',
    ]);
    await c.complete('legalReview', { approved: false });
    await c.complete('technicalReview', { approved: true });
    const after = await eventually(() => c.handle.query(caseStateQuery), c.openTask('decide'));
    expect(after.tasks.filter((t) => t.state === 'open').map((t) => t.elementId)).toEqual(['decide']);
    const done = await c.complete('decide');
    expect(done.case).toMatchObject({ status: 'completed' });
    expect(await c.handle.result()).toMatchObject({ status: 'completed' });
    const rows = await c.history();
    const completed = rows.filter((r) => r.type === 'element-completed').map((r) => r.element_id);
    expect(completed.indexOf('technicalReview')).toBeLessThan(completed.indexOf('reviews'));
    expect(completed).not.toContain('ownerReview');
    expect(rows).toContainEqual(
      expect.objectContaining({ type: 'element-terminated', element_id: 'ownerReview' }),
    );
  });
});
