import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { LiteHarness } from './helpers';
import { startHarness, uid, waitForEvent } from './helpers';

const { EventType, HistoryEventFilterType } = temporal.api.enums.v1;
const KW = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD);
const INT = defineSearchAttributeKey('CustomIntField', SearchAttributeType.INT);
const DT = defineSearchAttributeKey('CustomDatetimeField', SearchAttributeType.DATETIME);
const KWL = defineSearchAttributeKey('CustomKeywordListField', SearchAttributeType.KEYWORD_LIST);

describe('temporal-lite inspection: describe, history, list and count, memo and search attributes', () => {
  let h: LiteHarness;
  let taskQueue: string;
  beforeAll(async () => {
    h = await startHarness();
    ({ taskQueue } = await h.worker());
  });
  afterAll(async () => {
    await h.close();
  });

  const listIds = async (query: string): Promise<string[]> => {
    const ids: string[] = [];
    for await (const wf of h.client.workflow.list({ query })) ids.push(wf.workflowId);
    return ids.sort();
  };

  it('describes a workflow with its memo and typed search attributes, and sees upserts', async () => {
    const handle = await h.client.workflow.start('upserter', {
      taskQueue,
      workflowId: uid('desc'),
      memo: { owner: 'district-3' },
      typedSearchAttributes: new TypedSearchAttributes([
        { key: KW, value: 'before' },
        { key: INT, value: 7 },
        { key: DT, value: new Date('2026-01-02T03:04:05.000Z') },
        { key: KWL, value: ['a', 'b'] },
      ]),
    });
    await waitForEvent(handle, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
    const d = await handle.describe();
    expect(d.status.name).toBe('RUNNING');
    expect(d.type).toBe('upserter');
    expect(d.memo).toEqual({ owner: 'district-3' });
    expect(d.typedSearchAttributes.get(KW)).toBe('after');
    expect(d.typedSearchAttributes.get(INT)).toBe(42);
    expect(d.typedSearchAttributes.get(DT)?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(d.typedSearchAttributes.get(KWL)).toEqual(['a', 'b']);
    await handle.terminate();
  });

  it('pages through history and long-polls for the close event', async () => {
    const handle = await h.client.workflow.start('sequence', { taskQueue, workflowId: uid('hist'), args: [3] });
    const svc = h.connection.workflowService;
    // long poll with the close-event filter returns only when the workflow closes
    const closed = await svc.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: handle.workflowId },
      waitNewEvent: true,
      historyEventFilterType: HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
    });
    expect(closed.history?.events?.map((e) => e.eventType)).toEqual([EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED]);
    // paging with a small page size yields the full history in order
    const all = (await handle.fetchHistory()).events!;
    const paged: number[] = [];
    let token: Uint8Array | undefined;
    do {
      const page = await svc.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: handle.workflowId }, maximumPageSize: 4, nextPageToken: token });
      // A real server pages by stored event batches, so a page may pass maximumPageSize (8 for 4 on server 1.32);
      // what holds is that the pages are non-empty and give the whole history in order.
      expect(page.history!.events!.length).toBeGreaterThan(0);
      paged.push(...page.history!.events!.map((e) => Number(e.eventId)));
      token = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (token);
    expect(paged).toEqual(all.map((e) => Number(e.eventId)));
  });

  it('lists and counts with visibility queries, and rejects malformed ones', async () => {
    const prefix = uid('vis');
    const start = (suffix: string, kw: string, type = 'waitForever') =>
      h.client.workflow.start(type, { taskQueue, workflowId: `${prefix}-${suffix}`, typedSearchAttributes: new TypedSearchAttributes([{ key: KW, value: kw }]), args: type === 'greet' ? ['x'] : [] });
    const a = await start('a', 'red');
    await start('b', 'blue');
    const c = await start('c', 'red', 'greet');
    await c.result();
    expect(await listIds(`WorkflowId STARTS_WITH '${prefix}'`)).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    expect(await listIds(`WorkflowId STARTS_WITH '${prefix}' AND CustomKeywordField = 'red'`)).toEqual([`${prefix}-a`, `${prefix}-c`]);
    expect(await listIds(`WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Running' AND (CustomKeywordField = 'red' OR CustomKeywordField = 'blue')`)).toEqual([
      `${prefix}-a`,
      `${prefix}-b`,
    ]);
    expect(await listIds(`WorkflowType = 'greet' AND WorkflowId IN ('${prefix}-a', '${prefix}-c')`)).toEqual([`${prefix}-c`]);
    expect(await listIds(`WorkflowId STARTS_WITH '${prefix}' AND StartTime > '2000-01-01T00:00:00Z' AND CustomKeywordField != 'red'`)).toEqual([`${prefix}-b`]);
    const count = await h.client.workflow.count(`WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Running'`);
    expect(count.count).toBe(2);
    await expect(listIds(`WorkflowId = `)).rejects.toBeInstanceOf(ServiceError);
    const err = await listIds(`WorkflowId = `).catch((e: unknown) => e as ServiceError);
    expect((err as { cause?: { code?: number } }).cause?.code).toBe(3);
    await a.terminate();
    await h.client.workflow.getHandle(`${prefix}-b`).terminate();
  });

  it('answers NOT_FOUND for an unknown workflow', async () => {
    await expect(h.client.workflow.getHandle(uid('missing')).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });
});
