import { encodeResponse, type } from '../src/proto';
import type { Msg } from '../src/proto';

// Events as the engine builds them: camelCase keys, enum names, numbers for int64s, Buffers for bytes.
const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('42') };
const events: Msg[] = [
  {
    eventId: 1,
    eventTime: { seconds: 1795332495, nanos: 621000000 },
    eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
    taskId: 1048577,
    workflowExecutionStartedEventAttributes: {
      workflowType: { name: 'tenSteps' },
      taskQueue: { name: 'q', kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: { payloads: [payload] },
      workflowTaskTimeout: { seconds: 10 },
      originalExecutionRunId: 'r1',
      attempt: 1,
      memo: { fields: { note: payload } },
    },
  },
  {
    eventId: 2,
    eventTime: { seconds: 1795332495, nanos: 0 },
    eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
    taskId: 2,
    workflowTaskScheduledEventAttributes: {
      taskQueue: { name: 'q', kind: 'TASK_QUEUE_KIND_STICKY', normalName: 'q' },
      startToCloseTimeout: { seconds: 10 },
      attempt: 1,
    },
  },
  {
    eventId: 3,
    eventTime: { seconds: 0, nanos: 5 },
    eventType: 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
    taskId: 3,
    workflowTaskCompletedEventAttributes: {
      scheduledEventId: 2,
      startedEventId: 0,
      identity: 'w',
      sdkMetadata: {},
      meteringMetadata: {},
    },
  },
  {
    eventId: 4,
    eventTime: { seconds: 1795332496, nanos: 1000 },
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    taskId: 4,
    activityTaskScheduledEventAttributes: {
      activityId: '1',
      activityType: { name: 'step' },
      input: { payloads: [payload, payload] },
      startToCloseTimeout: { seconds: 60 },
      retryPolicy: {
        initialInterval: { seconds: 1 },
        backoffCoefficient: 2,
        maximumAttempts: 0,
        nonRetryableErrorTypes: ['Fatal'],
      },
    },
    userMetadata: undefined,
  },
  {
    eventId: 5,
    eventTime: { seconds: 1795332497 },
    eventType: 'EVENT_TYPE_TIMER_STARTED',
    taskId: 5,
    timerStartedEventAttributes: {
      timerId: '1',
      startToFireTimeout: { nanos: 10_000_000 },
      workflowTaskCompletedEventId: 3,
    },
  },
  // Envelope fields the fast encoder does not write itself go the general way.
  {
    eventId: 6,
    eventTime: { seconds: 1795332498 },
    eventType: 'EVENT_TYPE_TIMER_FIRED',
    taskId: 6,
    userMetadata: { summary: payload },
    timerFiredEventAttributes: { timerId: '1', startedEventId: 5 },
  },
  {
    eventId: 7,
    eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
    workflowExecutionCompletedEventAttributes: { result: { payloads: [payload] } },
  },
];

describe('history event encoding', () => {
  const typeName = 'temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse';

  it.each(events.map((ev) => [String(ev.eventType), ev] as const))(
    'writes %s exactly as protobufjs does',
    (_kind, ev) => {
      // Given a history page with one event (no other fields, so the whole message is that event's bytes)
      const response = { history: { events: [ev] } };

      // When it is encoded with the per-event path, twice (the second time from cached bytes)
      const first = encodeResponse(typeName, response);
      const second = encodeResponse(typeName, response);

      // Then both are byte for byte protobufjs's own encoding
      const T = type(typeName);
      const reference = Buffer.from(T.encode(T.fromObject(response)).finish());
      expect(first.toString('hex')).toBe(reference.toString('hex'));
      expect(second.toString('hex')).toBe(reference.toString('hex'));
    },
  );

  it('keeps the other response fields next to a history of mixed event kinds', () => {
    // Given a page with every kind at once and a next-page token
    const response = { history: { events }, nextPageToken: Buffer.from('abc') };

    // When encoded
    const bytes = encodeResponse(typeName, response);

    // Then it decodes to the same message as the general encoding
    const T = type(typeName);
    const reference = T.encode(T.fromObject(response)).finish();
    expect(T.toObject(T.decode(bytes))).toEqual(T.toObject(T.decode(reference)));
  });
});
