// Small BPMN processes for the browser tests, laid out left to right with diagram interchange (bpmn-js needs DI
// to draw), so the UI can highlight their elements.

export interface Node {
  id: string;
  /** BPMN element name without prefix: startEvent, userTask, serviceTask, manualTask, endEvent, … */
  type: string;
  name?: string;
  /** Raw attributes, e.g. `rf:decisions="pass,reject"`. */
  attrs?: string;
  /** Raw extensionElements content. */
  ext?: string;
}

const userTask = (id: string, name: string, group: string, attrs = '', extra = ''): Node => ({
  id,
  type: 'userTask',
  name,
  attrs,
  ext: `<zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="${group}" />${extra}`,
});

export function linearProcess(key: string, name: string, nodes: Node[]): string {
  const isEvent = (n: Node) => n.type.endsWith('Event');
  const size = (n: Node) => (isEvent(n) ? { w: 36, h: 36 } : { w: 110, h: 80 });
  const midY = 140;
  let x = 160;
  const shapes = nodes.map((n) => {
    const s = size(n);
    const shape = { n, x, y: midY - s.h / 2, ...s };
    x += s.w + 70;
    return shape;
  });
  const flows = nodes.slice(1).map((n, i) => ({ id: `flow_${i + 1}`, from: nodes[i]!, to: n }));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const el = (n: Node) => {
    const incoming = flows.filter((f) => f.to === n).map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`);
    const outgoing = flows.filter((f) => f.from === n).map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`);
    const ext = n.ext ? `<bpmn:extensionElements>${n.ext}</bpmn:extensionElements>` : '';
    return `    <bpmn:${n.type} id="${n.id}"${n.name ? ` name="${esc(n.name)}"` : ''}${n.attrs ? ` ${n.attrs}` : ''}>${ext}${incoming.join('')}${outgoing.join('')}</bpmn:${n.type}>`;
  };
  const di = [
    ...shapes.map(
      (s) =>
        `      <bpmndi:BPMNShape id="${s.n.id}_di" bpmnElement="${s.n.id}"><dc:Bounds x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" /></bpmndi:BPMNShape>`,
    ),
    ...flows.map((f) => {
      const a = shapes.find((s) => s.n === f.from)!;
      const b = shapes.find((s) => s.n === f.to)!;
      return `      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}"><di:waypoint x="${a.x + a.w}" y="${midY}" /><di:waypoint x="${b.x}" y="${midY}" /></bpmndi:BPMNEdge>`;
    }),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0"
  id="Definitions_${key}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${key}" name="${esc(name)}" isExecutable="true" rf:startableBy="applicant,employer">
${nodes.map(el).join('\n')}
${flows.map((f) => `    <bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from.id}" targetRef="${f.to.id}" />`).join('\n')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${key}">
    <bpmndi:BPMNPlane id="Plane_${key}" bpmnElement="${key}">
${di.join('\n')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** District review, then the organization department's approval (decided one by one or as a list). */
export const approvalXml = (key: string) =>
  linearProcess(key, '人才项目评审（区县审核与组织部审批）', [
    { id: 'start', type: 'startEvent', name: '提交申报' },
    userTask('districtReview', '区县审核', 'district-reviewer', 'rf:decisions="pass,reject"'),
    userTask('orgApproval', '组织部审批', 'org-department', 'rf:decisions="approve,reject"'),
    { id: 'done', type: 'endEvent', name: '办结' },
  ]);

/** Two district steps where the second must be done by someone else (four-eyes). */
export const fourEyesXml = (key: string) =>
  linearProcess(key, '区县双人复核', [
    { id: 'start', type: 'startEvent', name: '提交申报' },
    userTask('districtReview', '区县初审', 'district-reviewer', 'rf:decisions="pass,reject"'),
    userTask(
      'districtSignoff',
      '区县复核',
      'district-reviewer',
      'rf:decisions="pass,reject" rf:distinctFrom="districtReview"',
    ),
    { id: 'done', type: 'endEvent', name: '办结' },
  ]);

/** Drawable but not executable: a manual task, and working-day calendar with an hour duration. */
export const invalidXml = (key: string) =>
  linearProcess(key, '有问题的流程', [
    { id: 'start', type: 'startEvent', name: '开始' },
    userTask('review', '审核（4 小时）', 'district-reviewer', 'rf:dueIn="PT4H" rf:calendar="cn-workday"'),
    // a complex gateway: still outside the dialect (manual tasks now pass through)
    { id: 'paperCheck', type: 'complexGateway', name: '材料核对分支' },
    { id: 'end', type: 'endEvent', name: '结束' },
  ]);
