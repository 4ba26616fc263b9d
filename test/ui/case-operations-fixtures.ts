// Processes for the incident and case-operation tests (API and browser), named in Chinese like the real programmes.
import { serviceTask } from '../../processes/tools/bpmn-model.builder';
import { linearProcess, node, userTask } from './ui-fixtures';

/** Pays the first tranche from the case's `award`: a non-integer award fails the payment (an incident). */
export const payFirstTrancheXml = (key: string) =>
  linearProcess(key, '资助资金拨付', [
    node('startEvent', 'start', '提交申报'),
    serviceTask('payFirst', {
      name: '拨付首笔资金',
      type: 'pay',
      retries: 1,
      inputs: [
        ['t1-agreement', 'tranche'],
        ['=award', 'amount'],
      ],
    }),
    userTask('confirmReceipt', '资金到账确认', 'district-reviewer', { decisions: 'pass' }),
    node('endEvent', 'done', '办结'),
  ]);

/** District review, then the organization department's approval. */
export const twoStepReviewXml = (key: string) =>
  linearProcess(key, '人才项目两级审核', [
    node('startEvent', 'start', '提交申报'),
    userTask('districtReview', '区县审核', 'district-reviewer', { decisions: 'pass,reject' }),
    userTask('orgApproval', '组织部审批', 'org-department', { decisions: 'approve,reject' }),
    node('endEvent', 'done', '办结'),
  ]);
