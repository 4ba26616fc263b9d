// The whole review from the users' side, over HTTP: deploy, apply, district review, publicity published as a
// list, an objection during publicity, the period running out, org-department approving the list.
import { type CaseApi, createCaseApi } from './api-cases-support';

// The design example (publicity-with-objections.bpmn) covers only the publicity period; this fixture wraps the
// same publicity subprocess with the district review before it and the org-department approval after it.
const STORY_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_story" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:message id="Msg_publish" name="publish-list" rf:senders="city-reviewer">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=businessKey" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:message id="Msg_objection" name="objection">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=businessKey" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:process id="talent-story" name="Talent programme review (user story)" isExecutable="true" rf:startableBy="applicant">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="districtReview" />
    <bpmn:userTask id="districtReview" name="District review" rf:decisions="pass,reject">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="district-reviewer" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="districtReview" targetRef="reviewed" />
    <bpmn:exclusiveGateway id="reviewed" default="f3" />
    <bpmn:sequenceFlow id="f3" sourceRef="reviewed" targetRef="waitList" />
    <bpmn:sequenceFlow id="f4" sourceRef="reviewed" targetRef="rejected">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=decision = "reject"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:intermediateCatchEvent id="waitList" name="List published">
      <bpmn:messageEventDefinition id="waitListDef" messageRef="Msg_publish" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f5" sourceRef="waitList" targetRef="publicity" />
    <bpmn:subProcess id="publicity" name="Publicity, 5 working days">
      <bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=upheld" target="objectionUpheld" /></zeebe:ioMapping></bpmn:extensionElements>
      <bpmn:startEvent id="pubStart" />
      <bpmn:sequenceFlow id="p1" sourceRef="pubStart" targetRef="noObjectionYet" />
      <bpmn:scriptTask id="noObjectionYet">
        <bpmn:extensionElements><zeebe:script expression="=false" resultVariable="upheld" /></bpmn:extensionElements>
      </bpmn:scriptTask>
      <bpmn:sequenceFlow id="p2" sourceRef="noObjectionYet" targetRef="period" />
      <bpmn:intermediateCatchEvent id="period" name="5 working days">
        <bpmn:timerEventDefinition id="periodDef" rf:calendar="cn-workday">
          <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P5D</bpmn:timeDuration>
        </bpmn:timerEventDefinition>
      </bpmn:intermediateCatchEvent>
      <bpmn:sequenceFlow id="p3" sourceRef="period" targetRef="pubEnd" />
      <bpmn:endEvent id="pubEnd" />
      <bpmn:subProcess id="onObjection" triggeredByEvent="true">
        <bpmn:startEvent id="objectionRaised" isInterrupting="false">
          <bpmn:messageEventDefinition id="objectionRaisedDef" messageRef="Msg_objection" />
        </bpmn:startEvent>
        <bpmn:sequenceFlow id="o1" sourceRef="objectionRaised" targetRef="verifyObjection" />
        <bpmn:userTask id="verifyObjection" name="Verify the objection" rf:decisions="upheld,unfounded">
          <bpmn:extensionElements>
            <zeebe:userTask />
            <zeebe:assignmentDefinition candidateGroups="city-reviewer" />
            <zeebe:ioMapping><zeebe:output source="=upheld or decision = &quot;upheld&quot;" target="upheld" /></zeebe:ioMapping>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:sequenceFlow id="o2" sourceRef="verifyObjection" targetRef="objectionDone" />
        <bpmn:endEvent id="objectionDone" />
      </bpmn:subProcess>
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f6" sourceRef="publicity" targetRef="anyUpheld" />
    <bpmn:exclusiveGateway id="anyUpheld" default="f8" />
    <bpmn:sequenceFlow id="f7" sourceRef="anyUpheld" targetRef="rejected">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=objectionUpheld = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f8" sourceRef="anyUpheld" targetRef="orgApproval" />
    <bpmn:userTask id="orgApproval" name="Org-department approval" rf:decisions="approve,reject">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="org-department" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f9" sourceRef="orgApproval" targetRef="approved" />
    <bpmn:endEvent id="approved" name="Approved" />
    <bpmn:endEvent id="rejected" name="Rejected" />
  </bpmn:process>
</bpmn:definitions>`;

interface HistoryEvent {
  type: string;
  elementId?: string;
  actor?: string;
  data: Record<string, unknown>;
}

describe('API user story: from deployment to an approved list', () => {
  let t: CaseApi;

  beforeAll(async () => {
    t = await createCaseApi('api-user-story');
  });
  afterAll(async () => {
    await t?.close();
  });

  const caseOf = async (id: string) =>
    (
      await t
        .http()
        .get(`/api/v1/cases/${id}`)
        .set('Authorization', await t.as('admin'))
    ).body as { status: string; activeElements: string[] };

  /** Waits until every case waits at `elementId` (the read model lists it among the active elements). */
  const waitingAt = async (ids: string[], elementId: string) => {
    for (const id of ids)
      await t.eventually(
        () => caseOf(id),
        (c) => c.activeElements.includes(elementId),
      );
  };

  it('given the review process, when everyone does their part, then the list is approved and history names each actor', async () => {
    // Admin logs in and deploys.
    const deployed = await t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', await t.as('admin'))
      .set('Content-Type', 'application/xml')
      .send(STORY_XML);
    // 201 when new; 200 (same version) when a retry on real Temporal finds the first attempt's deployment.
    expect([200, 201]).toContain(deployed.status);
    expect(deployed.body).toMatchObject({ key: 'talent-story', version: 1 });

    // Two applicants' cases in Lixia.
    const caseIds: string[] = [];
    for (const n of [1, 2]) {
      const res = await t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', await t.as('applicant1'))
        .send({
          processKey: 'talent-story',
          businessKey: `story-${Date.now()}-${n}`,
          variables: { district: 'lixia', applicant: `Applicant ${n}` },
        });
      expect(res.status).toBe(201);
      caseIds.push(res.body.id as string);
    }

    // The district reviewer works the inbox: both tasks there, in her district, completed with a decision.
    const reviewer = await t.as('lixia-reviewer');
    const inbox = await t.eventually(
      () => t.http().get('/api/v1/tasks?processKey=talent-story').set('Authorization', reviewer),
      (r) => r.status === 200 && (r.body as { total: number }).total === 2,
    );
    const reviewTasks = inbox.body.items as { id: string; caseId: string; elementId: string }[];
    expect(reviewTasks.map((x) => x.elementId)).toEqual(['districtReview', 'districtReview']);
    expect(reviewTasks.map((x) => x.caseId).sort()).toEqual([...caseIds].sort());
    for (const task of reviewTasks) {
      const res = await t
        .http()
        .post(`/api/v1/tasks/${task.id}/complete`)
        .set('Authorization', reviewer)
        .send({ variables: { decision: 'pass' }, comment: 'documents complete' });
      expect(res.status).toBe(200);
    }

    // The publicity list is published as one message batch.
    await waitingAt(caseIds, 'waitList');
    const publish = await t
      .http()
      .post('/api/v1/batches')
      .set('Authorization', await t.as('city-reviewer1'))
      .send({ title: 'publicity list', caseIds, action: { type: 'message', name: 'publish-list' } });
    expect(publish.status).toBe(201);
    expect((publish.body.items as { status: string }[]).map((i) => i.status)).toEqual(['done', 'done']);
    const publishBatch = publish.body.id as string;

    // An objection is filed against the first case during publicity, and the city reviewer verifies it.
    await waitingAt(caseIds, 'period');
    const objection = await t
      .http()
      .post(`/api/v1/cases/${caseIds[0]}/objections`)
      .set('Authorization', await t.as('employer1'))
      .send({ reason: 'The stated employment period looks wrong' });
    expect(objection.status).toBe(201);
    const [verify] = await t.openTasks(caseIds[0]!, 'city-reviewer1');
    expect(verify?.elementId).toBe('verifyObjection');
    const verified = await t
      .http()
      .post(`/api/v1/tasks/${verify!.id}/complete`)
      .set('Authorization', await t.as('city-reviewer1'))
      .send({ variables: { decision: 'unfounded' } });
    expect(verified.status).toBe(200);

    // The publicity period (5 working days) runs out.
    await t.temporal.sleep('15d');

    // Org-department approves the list as a batch.
    for (const id of caseIds) {
      const tasks = await t.eventually(
        () => t.openTasks(id, 'orgdept1'),
        (ts) => ts.some((x) => x.elementId === 'orgApproval'),
        30_000,
      );
      expect(tasks.map((x) => x.elementId)).toEqual(['orgApproval']);
    }
    const approve = await t
      .http()
      .post('/api/v1/batches')
      .set('Authorization', await t.as('orgdept1'))
      .send({
        title: 'approved list',
        caseIds,
        action: { type: 'complete-task', elementId: 'orgApproval', variables: { decision: 'approve' } },
      });
    expect(approve.status).toBe(201);
    expect((approve.body.items as { status: string }[]).map((i) => i.status)).toEqual(['done', 'done']);
    const approveBatch = approve.body.id as string;
    for (const id of caseIds)
      await t.eventually(
        () => caseOf(id),
        (c) => c.status === 'completed',
      );

    // History shows every step with its actor.
    for (const [i, id] of caseIds.entries()) {
      const res = await t
        .http()
        .get(`/api/v1/cases/${id}/history`)
        .set('Authorization', await t.as('admin'));
      expect(res.status).toBe(200);
      const events = res.body as HistoryEvent[];
      const step = (type: string, extra: Partial<HistoryEvent> = {}) =>
        expect(events).toContainEqual(expect.objectContaining({ type, ...extra }));
      step('case-started');
      step('task-completed', { elementId: 'districtReview', actor: 'lixia-reviewer' });
      step('batch', { actor: 'city-reviewer1', data: expect.objectContaining({ batchId: publishBatch }) });
      step('task-completed', { elementId: 'orgApproval', actor: 'orgdept1' });
      step('batch', { actor: 'orgdept1', data: expect.objectContaining({ batchId: approveBatch }) });
      step('case-completed');
      if (i === 0) {
        step('objection', { actor: 'employer1' });
        step('task-completed', { elementId: 'verifyObjection', actor: 'city-reviewer1' });
      } else {
        expect(events.filter((e) => e.type === 'objection')).toEqual([]);
      }
      expect(events.some((e) => e.elementId === 'approved' && e.type === 'element-completed')).toBe(true);
    }
  });
});
