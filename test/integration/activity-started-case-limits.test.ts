// MAX_OPEN_TASKS_PER_CASE holds for every case, whoever starts it: the API (POST /cases, /signals/broadcast,
// /messages) and the worker's activities (a signal thrown by another case, a timer start).
import { type TestApp, createTestApp } from '../support/app-harness';
import { eventually } from '../support/eventually';
import { uniqueKey } from './api-cases-support';

const HEADER =
  '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0" id="Defs" ' +
  'targetNamespace="http://bpmn.io/schema/bpmn"><bpmn:signal id="Sig_open" name="round-opened" />';

/** Started by the signal: three review tasks at once, one more than the limit of 2. */
const THREE_TASKS = `${HEADER}<bpmn:process id="limit-three-tasks" isExecutable="true">
<bpmn:startEvent id="opened"><bpmn:signalEventDefinition signalRef="Sig_open" /></bpmn:startEvent>
<bpmn:parallelGateway id="fork" />
${['a', 'b', 'c']
  .map(
    (x) =>
      `<bpmn:userTask id="review_${x}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="city-reviewer" /></bpmn:extensionElements></bpmn:userTask>` +
      `<bpmn:sequenceFlow id="f_${x}" sourceRef="fork" targetRef="review_${x}" />`,
  )
  .join('')}
<bpmn:sequenceFlow id="f_open" sourceRef="opened" targetRef="fork" />
</bpmn:process></bpmn:definitions>`;

/** A case that throws the signal (the broadcastSignal activity starts the other process). */
const THROWER = `${HEADER}<bpmn:process id="limit-thrower" isExecutable="true" rf:startableBy="admin">
<bpmn:startEvent id="start" />
<bpmn:intermediateThrowEvent id="announce"><bpmn:signalEventDefinition signalRef="Sig_open" /></bpmn:intermediateThrowEvent>
<bpmn:endEvent id="end" />
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="announce" />
<bpmn:sequenceFlow id="f2" sourceRef="announce" targetRef="end" />
</bpmn:process></bpmn:definitions>`;

describe('the open-task limit on cases the worker starts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('activity-start-limits', {
      taskQueue: uniqueKey('activity-start-limits'),
      worker: true,
      env: { MAX_OPEN_TASKS_PER_CASE: '2' },
    });
    for (const xml of [THREE_TASKS, THROWER]) {
      const res = await t
        .http()
        .post('/api/v1/process-definitions')
        .set('Authorization', `Bearer ${await t.token('admin')}`)
        .set('Content-Type', 'application/xml')
        .send(xml);
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const startedCases = async () =>
    (await t.database.dataSource.query(
      `SELECT id, status, failure_reason FROM cases WHERE process_key = 'limit-three-tasks' ORDER BY created_at`,
    )) as { id: string; status: string; failure_reason: string | null }[];

  it('given a limit of 2, when another case throws the signal that starts a three-task process, then that case fails at the limit as an API-started one does', async () => {
    // when a case throws the signal (the worker's broadcastSignal activity starts the target)
    const thrower = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${await t.token('admin')}`)
      .send({ processKey: 'limit-thrower', businessKey: uniqueKey('thrower'), variables: {} });
    expect(thrower.status).toBe(201);

    // then the started case fails with the runaway incident naming the configured limit
    const [started] = await eventually(
      startedCases,
      (rows) => rows.length === 1 && rows[0]?.status === 'failed',
    );
    expect(started?.failure_reason).toMatch(/limit of 2 per case/);
  });
});
