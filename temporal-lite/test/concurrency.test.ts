import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';

const N = 1000;

describe('temporal-lite concurrency', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it(`completes ${N} concurrent workflows with activities, timers and signals on one worker`, async () => {
    // given one worker and N started workflows
    const w = await h.worker({ maxConcurrentWorkflowTaskExecutions: 100, maxConcurrentActivityTaskExecutions: 200, maxCachedWorkflows: N + 100 });
    const prefix = uid('load');
    const handles = await Promise.all(Array.from({ length: N }, (_, i) => h.client.workflow.start('loadShape', { taskQueue: w.taskQueue, workflowId: `${prefix}-${i}`, args: [i] })));
    // when each is signalled
    await Promise.all(handles.map((hd, i) => hd.signal('go', i)));
    // then every one completes with its own result
    const results = await Promise.all(handles.map((hd) => hd.result()));
    results.forEach((r, i) => expect(r).toBe(`hello a${i}|hello b${2 * i}`));
    const count = await h.client.workflow.count(`WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Completed'`);
    expect(count.count).toBe(N);
    await w.stop();
  }, 170_000);
});
