// Small BPMN processes for the browser tests, built with the BPMN builder (processes/tools/bpmn-model.builder.ts)
// and laid out left to right by hand (bpmn-js needs diagram interchange to draw), so the UI can highlight their
// elements.
import {
  type El,
  create,
  flow,
  placeAt,
  renderProcess,
  userTask as builderUserTask,
} from '../../processes/tools/bpmn-model.builder';

/** A user task for `group` with the given rf attributes. */
export const userTask = (
  id: string,
  name: string,
  group: string,
  rf: { decisions?: string; distinctFrom?: string; dueIn?: string; calendar?: string } = {},
): El => builderUserTask(id, { name, groups: group, ...rf });

/** Any other element: `type` without prefix (startEvent, endEvent, complexGateway, …). */
export const node = (type: string, id: string, name?: string, props: Record<string, unknown> = {}): El =>
  create(`bpmn:${type.charAt(0).toUpperCase()}${type.slice(1)}`, { id, name, ...props });

/**
 * The elements in a row joined by flows flow_1, flow_2, …; startable by applicants and employers. `forms` are
 * embedded as zeebe:userTaskForm.
 */
export async function linearProcess(
  key: string,
  name: string,
  nodes: El[],
  forms?: { id: string; schema: unknown }[],
): Promise<string> {
  const midY = 140;
  let x = 160;
  for (const n of nodes) {
    placeAt(n, [x, midY]);
    x += (n.$type.endsWith('Event') ? 36 : n.$type.endsWith('Gateway') ? 50 : 100) + 70;
  }
  const flows = nodes.slice(1).map((n, i) => flow(`flow_${i + 1}`, nodes[i]?.id ?? '', n.id ?? ''));
  return renderProcess({
    id: key,
    name,
    documentation: '',
    startableBy: 'applicant,employer',
    forms,
    elements: [...nodes, ...flows],
    layout: 'hand',
  });
}

/** District review, then the organization department's approval (decided one by one or as a list). */
export const approvalXml = (key: string) =>
  linearProcess(key, '人才项目评审（区县审核与组织部审批）', [
    node('startEvent', 'start', '提交申报'),
    userTask('districtReview', '区县审核', 'district-reviewer', { decisions: 'pass,reject' }),
    userTask('orgApproval', '组织部审批', 'org-department', { decisions: 'approve,reject' }),
    node('endEvent', 'done', '办结'),
  ]);

/** Two district steps where the second must be done by someone else (four-eyes). */
export const fourEyesXml = (key: string) =>
  linearProcess(key, '区县双人复核', [
    node('startEvent', 'start', '提交申报'),
    userTask('districtReview', '区县初审', 'district-reviewer', { decisions: 'pass,reject' }),
    userTask('districtSignoff', '区县复核', 'district-reviewer', {
      decisions: 'pass,reject',
      distinctFrom: 'districtReview',
    }),
    node('endEvent', 'done', '办结'),
  ]);

/** Drawable but not executable: a manual task, and working-day calendar with an hour duration. */
export const invalidXml = (key: string) =>
  linearProcess(key, '有问题的流程', [
    node('startEvent', 'start', '开始'),
    userTask('review', '审核（4 小时）', 'district-reviewer', { dueIn: 'PT4H', calendar: 'cn-workday' }),
    // a complex gateway: still outside the dialect (manual tasks now pass through)
    node('complexGateway', 'paperCheck', '材料核对分支'),
    node('endEvent', 'end', '结束'),
  ]);
