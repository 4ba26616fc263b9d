// Recorded runCase histories must replay against the current workflow bundle: a semantic change that is not
// guarded by patched() fails here. Add recordings (only on purpose) with RF_RECORD_HISTORIES=1 RF_RECORD_SUFFIX=.vN;
// keep the old files: they are what proves old cases still replay.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { createCaseActivities } from '../../activities/case/case.activities';
import { createActivities } from '../../activities/create-activities';
import type { ProcessGraph } from '../../bpmn';
import {
  type CaseStateView,
  caseStateQuery,
  completeTaskUpdate,
  correlateMessageUpdate,
} from '../../workflows/messages';
import { runCase } from '../../workflows/run-case.workflow';
import { createTemporalEnv } from '../support/temporal-env';
import { createTestDatabase } from '../support/test-database';
import { testWorkflowBundlePath } from '../support/workflow-bundle-global';
import { graphOf } from '../support/fixture-graph';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');
const RECORD = process.env.RF_RECORD_HISTORIES === '1';

function historyFiles(): string[] {
  try {
    return readdirSync(HISTORIES)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
}

describe('replay of recorded runCase histories', () => {
  it('given the committed histories, when replayed on the current bundle, then none diverges', async () => {
    const files = historyFiles();
    expect(files.length).toBeGreaterThanOrEqual(5);
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, f), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: testWorkflowBundlePath() } },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });

  it('given a history of another shape, when replayed, then the replayer reports the divergence', async () => {
    // Guards the guard: a user-task history whose recorded input names an exclusive-gateway graph must not replay.
    const [file] = historyFiles().filter((f) => f.startsWith('user-task'));
    const json = JSON.parse(readFileSync(join(HISTORIES, file!), 'utf8')) as unknown;
    const other = await graphOf('exclusive-no-match');
    const text = JSON.stringify(json);
    const event = (
      json as {
        events: { workflowExecutionStartedEventAttributes?: { input: { payloads: { data: string }[] } } }[];
      }
    ).events[0]!.workflowExecutionStartedEventAttributes!;
    const payload = event.input.payloads[0]!;
    const input = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { graph: ProcessGraph };
    input.graph = other;
    payload.data = Buffer.from(JSON.stringify(input)).toString('base64');
    expect(JSON.stringify(json)).not.toBe(text);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: testWorkflowBundlePath() } },
        historyFromJSON(json),
        'tampered',
      ),
    ).rejects.toThrow();
  });

  (RECORD ? it : it.skip)('records fixture histories (RF_RECORD_HISTORIES=1)', async () => {
    const db = await createTestDatabase('replay-record');
    const env = await createTemporalEnv();
    const taskQueue = `replay-record-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: testWorkflowBundlePath() },
      activities: {
        ...createActivities({ dataSource: db.dataSource }),
        ...createCaseActivities({
          dataSource: db.dataSource,
          serviceTasks: {
            'pay-refusing': () =>
              Promise.reject(
                ApplicationFailure.create({ type: 'INVALID_ACCOUNT', message: 'closed', nonRetryable: true }),
              ),
          },
        }),
      },
      shutdownGraceTime: '1s',
    });
    const running = worker.run();
    const reviewer = { username: 'city-reviewer1', roles: ['city-reviewer'] };
    const state = async (
      h: { query: (q: typeof caseStateQuery) => Promise<CaseStateView> },
      ok: (s: CaseStateView) => boolean,
    ) => {
      for (let i = 0; i < 150; i++) {
        const s = await h.query(caseStateQuery).catch(() => undefined);
        if (s && ok(s)) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('state not reached');
    };
    async function record(
      name: string,
      graph: ProcessGraph,
      variables: Record<string, unknown>,
      drive: (h: ReturnType<typeof env.client.workflow.getHandle>) => Promise<void>,
    ) {
      const workflowId = `${name}`;
      const handle = await env.client.workflow.start(runCase, {
        taskQueue,
        workflowId: `${workflowId}-${Date.now()}`,
        args: [
          {
            caseId: randomUUID(),
            processKey: graph.processId,
            processVersion: 1,
            businessKey: `${name}-${Date.now()}`,
            variables,
            graph,
          },
        ],
      });
      await drive(handle);
      await handle.result();
      mkdirSync(HISTORIES, { recursive: true });
      writeFileSync(
        join(HISTORIES, `${name}${process.env.RF_RECORD_SUFFIX ?? ''}.json`),
        `${historyToJSON(await handle.fetchHistory())}\n`,
      );
    }
    try {
      await record('user-task', await graphOf('user-task'), { reviewer: 'city-reviewer1' }, async (h) => {
        const t = (await state(h, (s) => s.tasks.length === 1)).tasks[0]!;
        await h
          .executeUpdate(completeTaskUpdate, { args: [{ key: t.key, variables: {}, user: reviewer }] })
          .catch(() => undefined);
        await h.executeUpdate(completeTaskUpdate, {
          args: [{ key: t.key, variables: { decision: 'pass' }, user: reviewer }],
        });
      });
      await record('timer-boundary', await graphOf('timer-boundary'), {}, async (h) => {
        await state(h, (s) => s.timers[0]?.at !== undefined);
        await env.sleep('73h');
        const t = (await state(h, (s) => s.tasks[0]?.elementId === 'escalate')).tasks[0]!;
        await h.executeUpdate(completeTaskUpdate, { args: [{ key: t.key, user: reviewer }] });
      });
      const errorGraph = await graphOf('error-boundary-service-task');
      (errorGraph.nodes.payFirst as unknown as { taskType: string }).taskType = 'pay-refusing';
      await record('error-boundary-service-task', errorGraph, {}, async (h) => {
        const t = (await state(h, (s) => s.tasks.length === 1)).tasks[0]!;
        await h.executeUpdate(completeTaskUpdate, {
          args: [{ key: t.key, user: { username: 'finance1', roles: ['finance'] } }],
        });
      });
      await record('message-catch', await graphOf('message-catch'), {}, async (h) => {
        const s = await state(h, (x) => x.subscriptions.length === 1);
        await h.executeUpdate(correlateMessageUpdate, {
          // `at` (a batch's shared instant) exercises the message-instant patch from .v3 on.
          args: [
            {
              name: 'publish-list',
              correlationKey: s.subscriptions[0]!.correlationKey,
              at: new Date(Date.now() - 1000).toISOString(),
            },
          ],
        });
      });
      await record(
        'multi-instance-completion-condition',
        await graphOf('multi-instance-completion-condition'),
        { experts: ['a', 'b', 'c', 'd'] },
        async (h) => {
          const s = await state(h, (x) => x.tasks.length === 4);
          for (const t of s.tasks.slice(0, 3))
            await h.executeUpdate(completeTaskUpdate, {
              args: [{ key: t.key, variables: { score: 1 }, user: { username: t.key, roles: ['expert'] } }],
            });
        },
      );
      await record('timer-boundary-cycle', await graphOf('timer-boundary-cycle'), {}, async (h) => {
        for (let i = 0; i < 3; i++) {
          await state(h, (s) => s.timers[0]?.at !== undefined);
          await env.sleep('25h');
        }
        const t = (await state(h, (s) => s.timers.length === 0)).tasks[0]!;
        await h.executeUpdate(completeTaskUpdate, { args: [{ key: t.key, user: reviewer }] });
      });
    } finally {
      worker.shutdown();
      await running;
      await env.teardown();
      await db.drop();
    }
  });
});
