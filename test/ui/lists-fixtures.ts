// A publicity process for the list-notice browser test, in Chinese, with diagram interchange: the applicant applies,
// the working group publishes the list (message `talent-publicity`), 5 working days of publicity during which each
// objection opens a verification task (upheld / unfounded) for the city reviewer.

export const publicityXml = (key: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_${key}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:message id="Msg_publish" name="${key}-publicity" rf:senders="org-department,city-reviewer"><bpmn:extensionElements><zeebe:subscription correlationKey="=businessKey" /></bpmn:extensionElements></bpmn:message>
  <bpmn:message id="Msg_objection" name="objection"><bpmn:extensionElements><zeebe:subscription correlationKey="=businessKey" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="${key}" name="人才认定公示" isExecutable="true" rf:startableBy="applicant,employer">
    <bpmn:startEvent id="start" name="提交申报" />
    <bpmn:intermediateCatchEvent id="waitList" name="公示名单发布"><bpmn:messageEventDefinition messageRef="Msg_publish" /></bpmn:intermediateCatchEvent>
    <bpmn:subProcess id="publicity" name="社会公示">
      <bpmn:startEvent id="pubStart" name="公示开始" />
      <bpmn:intermediateCatchEvent id="period" name="5个工作日"><bpmn:timerEventDefinition rf:calendar="cn-workday"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="pubEnd" name="公示期满" />
      <bpmn:sequenceFlow id="p1" sourceRef="pubStart" targetRef="period" />
      <bpmn:sequenceFlow id="p2" sourceRef="period" targetRef="pubEnd" />
      <bpmn:subProcess id="onObjection" name="异议" triggeredByEvent="true">
        <bpmn:startEvent id="objectionRaised" name="提出异议" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_objection" /></bpmn:startEvent>
        <bpmn:userTask id="verifyObjection" name="异议核查" rf:decisions="upheld,unfounded"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="city-reviewer" /></bpmn:extensionElements></bpmn:userTask>
        <bpmn:endEvent id="objectionDone" name="核查完毕" />
        <bpmn:sequenceFlow id="o1" sourceRef="objectionRaised" targetRef="verifyObjection" />
        <bpmn:sequenceFlow id="o2" sourceRef="verifyObjection" targetRef="objectionDone" />
      </bpmn:subProcess>
    </bpmn:subProcess>
    <bpmn:endEvent id="done" name="认定" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="waitList" />
    <bpmn:sequenceFlow id="f2" sourceRef="waitList" targetRef="publicity" />
    <bpmn:sequenceFlow id="f3" sourceRef="publicity" targetRef="done" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${key}">
    <bpmndi:BPMNPlane id="Plane_${key}" bpmnElement="${key}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="162" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="waitList_di" bpmnElement="waitList"><dc:Bounds x="190" y="162" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="publicity_di" bpmnElement="publicity" isExpanded="true"><dc:Bounds x="280" y="60" width="420" height="320" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="pubStart_di" bpmnElement="pubStart"><dc:Bounds x="310" y="112" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="period_di" bpmnElement="period"><dc:Bounds x="460" y="112" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="pubEnd_di" bpmnElement="pubEnd"><dc:Bounds x="620" y="112" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="onObjection_di" bpmnElement="onObjection" isExpanded="true"><dc:Bounds x="310" y="200" width="360" height="150" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="objectionRaised_di" bpmnElement="objectionRaised"><dc:Bounds x="330" y="257" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="verifyObjection_di" bpmnElement="verifyObjection"><dc:Bounds x="430" y="235" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="objectionDone_di" bpmnElement="objectionDone"><dc:Bounds x="600" y="257" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="done_di" bpmnElement="done"><dc:Bounds x="760" y="202" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="180" /><di:waypoint x="190" y="180" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="226" y="180" /><di:waypoint x="280" y="180" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="700" y="220" /><di:waypoint x="760" y="220" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="p1_di" bpmnElement="p1"><di:waypoint x="346" y="130" /><di:waypoint x="460" y="130" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="p2_di" bpmnElement="p2"><di:waypoint x="496" y="130" /><di:waypoint x="620" y="130" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="o1_di" bpmnElement="o1"><di:waypoint x="366" y="275" /><di:waypoint x="430" y="275" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="o2_di" bpmnElement="o2"><di:waypoint x="530" y="275" /><di:waypoint x="600" y="275" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

/** A supported case the working group may revoke at any time (message `<key>-revoke`, senders org-department). */
export const revocableXml = (key: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0"
  id="Definitions_${key}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:message id="Msg_revoke" name="${key}-revoke" rf:senders="org-department"><bpmn:extensionElements><zeebe:subscription correlationKey="=businessKey" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="${key}" name="领军人才支持" isExecutable="true" rf:startableBy="applicant,employer">
    <bpmn:startEvent id="start" name="提交申报" />
    <bpmn:userTask id="midTerm" name="中期评估" rf:decisions="pass,fail"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="city-reviewer" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="done" name="支持期满" rf:outcome="support-completed" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="midTerm" />
    <bpmn:sequenceFlow id="f2" sourceRef="midTerm" targetRef="done" />
    <bpmn:subProcess id="revocation" name="取消资格" triggeredByEvent="true">
      <bpmn:startEvent id="revoked" name="决定取消资格" isInterrupting="true"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=revocationReason" target="revocationReason" /><zeebe:output source="=clawback" target="clawback" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="Msg_revoke" /></bpmn:startEvent>
      <bpmn:endEvent id="revokedEnd" name="已取消资格" rf:outcome="revoked" />
      <bpmn:sequenceFlow id="r1" sourceRef="revoked" targetRef="revokedEnd" />
    </bpmn:subProcess>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${key}">
    <bpmndi:BPMNPlane id="Plane_${key}" bpmnElement="${key}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="midTerm_di" bpmnElement="midTerm"><dc:Bounds x="200" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="done_di" bpmnElement="done"><dc:Bounds x="370" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="revocation_di" bpmnElement="revocation" isExpanded="true"><dc:Bounds x="100" y="200" width="300" height="120" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="revoked_di" bpmnElement="revoked"><dc:Bounds x="140" y="242" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="revokedEnd_di" bpmnElement="revokedEnd"><dc:Bounds x="320" y="242" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="120" /><di:waypoint x="200" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="300" y="120" /><di:waypoint x="370" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="r1_di" bpmnElement="r1"><di:waypoint x="176" y="260" /><di:waypoint x="320" y="260" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
