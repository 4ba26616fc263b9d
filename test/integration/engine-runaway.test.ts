// Issue 17: runaway processes on a real worker (real Temporal SDK, PostgreSQL). A misbehaving case becomes
// `failed` with a clear incident; the worker keeps running and the other cases keep moving.
import { type CaseUser, completeTaskUpdate } from '../../workflows/messages';
import { type RunCaseInput } from '../../workflows/run-case.workflow';
import type { TestDatabase } from '../support/test-database';
import { type WorkerStack, startWorkerStack } from '../support/worker-stack';
import { fixtureCaseStarter } from '../support/fixture-case';
import { eventually as eventuallyWithin } from '../support/eventually';

const reviewer: CaseUser = { username: 'city-reviewer1', roles: ['city-reviewer'] };

const eventually = <T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> =>
  eventuallyWithin(probe, ok, timeoutMs);

describe('runaway processes on a real worker (issue 17)', () => {
  let db: TestDatabase;
  let stack: WorkerStack;
  const taskQueue = `engine-runaway-${process.pid}-${Date.now()}`;
  let startFixtureCase: ReturnType<typeof fixtureCaseStarter>;

  beforeAll(async () => {
    stack = await startWorkerStack('engine-runaway', taskQueue);
    startFixtureCase = fixtureCaseStarter(stack);
    ({ db } = stack);
  });
  afterAll(() => stack?.stop());

  async function start(
    fixture: string,
    variables: Record<string, unknown> = {},
    extra: Partial<RunCaseInput> = {},
  ) {
    const c = await startFixtureCase(fixture, variables, extra);
    const caseRow = () =>
      eventually(
        async () =>
          (
            (await db.dataSource.query(`select status, failure_reason from cases where id = $1`, [
              c.caseId,
            ])) as {
              status: string;
              failure_reason: string | null;
            }[]
          )[0],
        (r) => r?.status === 'failed',
      );
    return { ...c, caseRow };
  }

  it('given runaway cases (20M-element FEEL, a loop without wait state, too many tasks), when they run, then each fails with an incident and another case still completes', async () => {
    // given three runaway cases started side by side
    const script = await start('runaway-script');
    const loop = await start('runaway-gateway-loop');
    const tasks = await start('runaway-tasks', { items: [1, 2, 3, 4, 5] }, { maxOpenTasks: 3 });

    // then each is failed with a clear incident, in Temporal and in the read model
    const s1 = await script.until((s) => s.status === 'failed');
    expect(s1.incidents[0]).toMatchObject({ elementId: 'huge' });
    expect(s1.incidents[0]!.reason).toMatch(/20000000 elements, more than the limit 100000/);
    expect((await script.caseRow())!.failure_reason).toMatch(/^huge: .*more than the limit 100000/);

    const s2 = await loop.until((s) => s.status === 'failed');
    expect(s2.incidents[0]!.reason).toMatch(/more than 10000 element activations without a wait state/);
    expect((await loop.caseRow())!.failure_reason).toMatch(/runaway process/);

    const s3 = await tasks.until((s) => s.status === 'failed');
    expect(s3.tasks).toHaveLength(0);
    expect(s3.incidents[0]!.reason).toMatch(/limit of 3 per case/);

    // and the worker survives: a well-behaved case started afterwards runs to completion
    expect(stack.worker.getState()).toBe('RUNNING');
    const good = await start('user-task', { reviewer: 'city-reviewer1' });
    const g = await good.until((s) => s.tasks.length === 1);
    await good.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: g.tasks[0]!.id, variables: { decision: 'pass' }, user: reviewer }],
    });
    await good.until((s) => s.status === 'completed');
    expect(stack.worker.getState()).toBe('RUNNING');
  }, 120_000);
});
