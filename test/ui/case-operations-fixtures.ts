// Processes for the incident and case-operation tests (API and browser), named in Chinese like the real programmes.
import { linearProcess } from './ui-fixtures';

const userTask = (id: string, name: string, group: string, attrs = '') => ({
  id,
  type: 'userTask',
  name,
  attrs,
  ext: `<zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="${group}" />`,
});

/** Pays the first tranche from the case's `award`: a non-integer award fails the payment (an incident). */
export const payFirstTrancheXml = (key: string) =>
  linearProcess(key, '资助资金拨付', [
    { id: 'start', type: 'startEvent', name: '提交申报' },
    {
      id: 'payFirst',
      type: 'serviceTask',
      name: '拨付首笔资金',
      ext:
        '<zeebe:taskDefinition type="pay" retries="1" /><zeebe:ioMapping>' +
        '<zeebe:input source="t1-agreement" target="tranche" /><zeebe:input source="=award" target="amount" />' +
        '</zeebe:ioMapping>',
    },
    userTask('confirmReceipt', '资金到账确认', 'district-reviewer', 'rf:decisions="pass"'),
    { id: 'done', type: 'endEvent', name: '办结' },
  ]);

/** District review, then the organization department's approval. */
export const twoStepReviewXml = (key: string) =>
  linearProcess(key, '人才项目两级审核', [
    { id: 'start', type: 'startEvent', name: '提交申报' },
    userTask('districtReview', '区县审核', 'district-reviewer', 'rf:decisions="pass,reject"'),
    userTask('orgApproval', '组织部审批', 'org-department', 'rf:decisions="approve,reject"'),
    { id: 'done', type: 'endEvent', name: '办结' },
  ]);
