// What the attachment tests share: a start by applicants whose review may write the `evidence` attachment.
export const attachmentsProcessXml = (processId: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rf="http://reviewflow.dev/schema/bpmn/1.0" id="d_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" name="${processId}" isExecutable="true" rf:startableBy="applicant">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="review" rf:decisions="pass,reject" rf:writes="evidence"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="city-reviewer" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** The smallest file the content sniffing takes for a PDF; `tag` makes the bytes (and so the hash) a test's own. */
export const pdfBytes = (tag = ''): Buffer =>
  Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n${tag}`);
