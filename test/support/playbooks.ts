// Who does what in a programme, for the driver: the review-pipeline fixture (a J01-like stand-in) and J01 itself.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseExpectation, Playbook } from './programme-driver';

const ROOT = path.resolve(__dirname, '..', '..');

export interface DeployablePlaybook extends Playbook {
  xml: () => string;
}

/** Every tenth case (index 3, 13, …) is rejected at district review; the rest go all the way to payment. */
const rejected = (i: number) => i % 10 === 3;

export const reviewPipelinePlaybook: DeployablePlaybook = {
  processKey: 'review-pipeline',
  xml: () => readFileSync(path.join(ROOT, 'test', 'fixtures', 'bpmn', 'review-pipeline.bpmn'), 'utf8'),
  creator: 'applicant1',
  variables: () => ({
    district: 'lixia',
    employerId: 'org-1',
    applicantId: 'applicant1',
    documents: ['id-card', 'diploma', 'contract'],
    experts: ['expert2', 'expert3', 'expert4'],
  }),
  tasks: [
    { elementId: 'declare', user: 'applicant1', variables: () => ({}) },
    {
      elementId: 'districtReview',
      user: 'lixia-reviewer',
      variables: (i) => ({ decision: rejected(i) ? 'reject' : 'pass' }),
    },
    { elementId: 'cityReview', user: 'city-reviewer1', variables: () => ({ decision: 'pass' }) },
    { elementId: 'expertScore', user: 'expert2', variables: () => ({ score: 80 }) },
  ],
  lists: [
    {
      waitAt: 'listPublished',
      user: 'city-reviewer1',
      title: 'publicity list',
      action: { type: 'message', name: 'publish-list' },
    },
    {
      waitAt: 'orgApproval',
      user: 'orgdept1',
      title: 'approved list',
      action: { type: 'complete-task', elementId: 'orgApproval', variables: { decision: 'approve' } },
    },
  ],
  timers: [{ waitAt: 'publicityPeriod', advance: 'P15D' }],
  expect: (i): CaseExpectation =>
    rejected(i)
      ? {
          status: 'completed',
          endElement: 'rejectedEnd',
          tasks: { declare: 1, districtReview: 1 },
          tranches: [],
          certificates: 0,
          waits: [],
        }
      : {
          status: 'completed',
          endElement: 'approved',
          tasks: { declare: 1, districtReview: 1, cityReview: 1, expertScore: 3, orgApproval: 1 },
          tranches: ['first'],
          certificates: 1,
          waits: ['listPublished', 'orgApproval', 'publicityPeriod'],
        },
};

/** J01 cases: index 3, 13, … not recommended by the district; 5, 15, … refused at recognition; the rest recognised. */
const j01Outcome = (i: number): 'district-rejected' | 'not-recognised' | 'recognised' =>
  i % 10 === 3 ? 'district-rejected' : i % 10 === 5 ? 'not-recognised' : 'recognised';

/**
 * J01 as its users work it: applicant declares, employer HR submits, the Lixia reviewer recommends, the city reviewer
 * approves the quarter's list as one batch, the list's publicity starts by one message batch, org-department
 * recognises each case (four-eyes against the city review), the certificate is issued, and three years later the
 * applicant re-registers. Server time moves at the publicity period and at the 3-year re-registration timer.
 */
export const j01Playbook: DeployablePlaybook = {
  processKey: 'j01-talent-classification',
  xml: () => readFileSync(path.join(ROOT, 'processes', 'j01-talent-classification.bpmn'), 'utf8'),
  creator: 'applicant1',
  variables: (i) => ({
    district: 'lixia',
    applicantId: 'applicant1',
    employerId: 'org-1',
    category: 'CDE'[i % 3],
  }),
  tasks: [
    { elementId: 'declare', user: 'applicant1', variables: () => ({}) },
    { elementId: 'employerSubmit', user: 'employer1', variables: () => ({ decision: 'submit' }) },
    {
      elementId: 'districtReview',
      user: 'lixia-reviewer',
      variables: (i) => ({ decision: j01Outcome(i) === 'district-rejected' ? 'reject' : 'pass' }),
    },
    {
      elementId: 'recognition',
      user: 'orgdept1',
      variables: (i) => ({ decision: j01Outcome(i) === 'not-recognised' ? 'reject' : 'recognise' }),
    },
    { elementId: 'reRegister', user: 'applicant1', variables: () => ({}) },
  ],
  lists: [
    {
      waitAt: 'cityReview',
      user: 'city-reviewer1',
      title: 'J01 quarterly city review',
      action: { type: 'complete-task', elementId: 'cityReview', variables: { decision: 'pass' } },
    },
    {
      waitAt: 'waitPublicity',
      user: 'city-reviewer1',
      title: 'J01 publicity list',
      action: { type: 'message', name: 'j01-publicity-start' },
    },
  ],
  timers: [
    { waitAt: 'period', advance: 'P15D', skipTo: 'pubEnd' },
    // P3Y exactly, plus a few days but far less than the 6-month lapse boundary on the re-registration task.
    { waitAt: 'reRegistrationDue', advance: 'P1100D', skipTo: 'reRegister' },
  ],
  expect: (i): CaseExpectation => {
    const early = { declare: 1, employerSubmit: 1, districtReview: 1 };
    switch (j01Outcome(i)) {
      case 'district-rejected':
        return {
          status: 'completed',
          endElement: 'districtRejected',
          tasks: early,
          tranches: [],
          certificates: 0,
          waits: [],
        };
      case 'not-recognised':
        return {
          status: 'completed',
          endElement: 'notRecognised',
          tasks: { ...early, cityReview: 1, recognition: 1 },
          tranches: [],
          certificates: 0,
          waits: ['cityReview', 'waitPublicity', 'period'],
        };
      default:
        return {
          status: 'completed',
          endElement: 'reRegistered',
          tasks: { ...early, cityReview: 1, recognition: 1, reRegister: 1 },
          tranches: [],
          certificates: 1,
          waits: ['cityReview', 'waitPublicity', 'period', 'reRegistrationDue'],
        };
    }
  },
};
