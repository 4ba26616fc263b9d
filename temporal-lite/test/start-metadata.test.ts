import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import type { LiteHarness } from './helpers';
import { startHarness, uid } from './helpers';
import type { metadataParent, startAttributeTypes } from './fixtures/workflows';

const EventType = temporal.api.enums.v1.EventType;
const text = (p: temporal.api.common.v1.IPayload | null | undefined): unknown =>
  p ? defaultPayloadConverter.fromPayload(p) : undefined;

// What a start carries besides its input: user metadata (on the event, in describe), a child's priority, typed search
// attributes, unset timeouts. Each was compared with the dev server 1.32 (LITE_TEST_TARGET=dev-server).
describe('temporal-lite: start metadata', () => {
  let h: LiteHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps static summary/details and command summaries on the events, and a child its priority', async () => {
    // given a workflow started with static metadata that runs a timer and a child with summaries and a priority
    const w = await h.worker();
    const handle = await h.client.workflow.start<typeof metadataParent>('metadataParent', {
      taskQueue: w.taskQueue,
      workflowId: uid('meta'),
      staticSummary: 'wf summary',
      staticDetails: 'wf details',
    });

    // when it completes
    const child = await handle.result();

    // then describe gives the static metadata and leaves unset timeouts unset
    const desc = await handle.describe();
    expect(await desc.staticSummary()).toBe('wf summary');
    expect(await desc.staticDetails()).toBe('wf details');
    expect(desc.raw.executionConfig?.workflowRunTimeout).toBeNull();
    expect(desc.raw.executionConfig?.workflowExecutionTimeout).toBeNull();
    // and the events carry the summaries (on the event, not in its attributes)
    const events = (await handle.fetchHistory()).events ?? [];
    const ofType = (t: number) => events.find((e) => e.eventType === t);
    expect(text(ofType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)?.userMetadata?.summary)).toBe(
      'wf summary',
    );
    expect(text(ofType(EventType.EVENT_TYPE_TIMER_STARTED)?.userMetadata?.summary)).toBe('timer summary');
    const initiated = ofType(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
    expect(text(initiated?.userMetadata?.summary)).toBe('child summary');
    // and the child started with its priority and its static metadata
    const childHandle = h.client.workflow.getHandle(child.workflowId, child.runId);
    const childDesc = await childHandle.describe();
    expect(await childDesc.staticDetails()).toBe('child details');
    const childStarted = ((await childHandle.fetchHistory()).events ?? [])[0];
    expect(text(childStarted?.userMetadata?.summary)).toBe('child summary');
    expect(childStarted?.workflowExecutionStartedEventAttributes?.priority?.priorityKey).toBe(4);
    expect(childStarted?.workflowExecutionStartedEventAttributes?.priority?.fairnessKey).toBe('child-key');
    await w.stop();
  });

  it('gives search attributes set at start through the untyped API their type (a Datetime is a Date)', async () => {
    // given a start with untyped search attributes
    const w = await h.worker();
    const when = new Date('2026-12-04T10:00:00.000Z');

    // when the workflow reads them
    const types = await h.client.workflow.execute<typeof startAttributeTypes>('startAttributeTypes', {
      taskQueue: w.taskQueue,
      workflowId: uid('sa-types'),
      searchAttributes: { CustomKeywordField: ['k'], CustomIntField: [1], CustomDatetimeField: [when] },
    });

    // then each has its registered type
    expect(types).toEqual({
      CustomKeywordField: ['string'],
      CustomIntField: ['number'],
      CustomDatetimeField: ['Date'],
    });
    await w.stop();
  });
});
