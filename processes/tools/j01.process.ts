// J01 人才分类认定 (talent classification), from 济人才办发〔2022〕4号, 附件1《人才分类认定实施细则》 三、认定程序 and 五、管理服务 (docs/programmes.md).
import {
  type Mapping,
  type ProcessSpec,
  boundaryEvent,
  catchEvent,
  endEvent,
  exclusive,
  flow,
  message,
  notify,
  serviceTask,
  startEvent,
  userTask,
} from './bpmn-model.builder';
import {
  flows,
  objectionMessage,
  publicityStage,
  publicityStageFlows,
  rejectionFlows,
  rejectionNotice,
} from './bpmn-patterns.builder';
import { programmeForms } from './programme-forms';

const ROW = 300;
const UP = 160;
const applicant: Mapping[] = [['=applicantId', 'applicantId']];

const documentation = `
J01 High-level talent classification recognition (人才分类认定), Jinan. Source: 济人才办发〔2022〕4号《〈济南市人才服务支持政策（30条）〉〈济南市人才发展环境政策（30条）〉实施细则（试行）》, 附件1《人才分类认定实施细则》 (text L240-L430): procedure 三、认定程序 (一)-(四) (L377-L387), renewal 五、管理服务 (一) (L407-L409), revocation 五、管理服务 (二) (L411-L418).
Case variables at start: district (the unit's district), applicantId (the applicant's user name), employerId (affiliation of the employing unit), category (A-E claimed).
Stages: declaration by the applicant and submission by the employer's HR (L379); acceptance and preliminary review by the district within 5 working days (L381); city review, normally once per quarter (L383); 5 working days of publicity on 济南人才网 (L385); recognition by 市委人才办 and an electronic certificate (L387); re-registration after 3 years (L407).
Decisions where the seeds are silent:
1. Declaration is a task assigned to the applicant (assignee = applicantId, candidate group applicant as a fallback); the employer may return it to the applicant for correction, any number of times. Employer tasks go to the role employer: the dialect can exclude an affiliation but not require one, so that the right unit acts (employerId) is an operational control.
2. District acceptance and preliminary review (区县人社局 + 区委人才工作领导小组) are one task for the role district-reviewer, due in 5 working days (rf:dueIn P5D, cn-workday). The district recommends (pass) or not (reject); a rejection notifies the applicant.
3. Reminder: a non-interrupting timer after 4 working days notifies the district reviewers. Escalation: a non-interrupting timer at the deadline (5 working days) notifies the district talent office (outbox recipient district-talent-office, the 区委人才工作领导小组, which has no role of its own). The task stays open with the district reviewers.
4. City review (市人社局) is a task for city-reviewer. The quarterly rhythm is run by the city reviewer completing the quarter's waiting cases as one complete-task batch (POST /batches, elementId cityReview); a case left out of the batch simply waits for the next quarter or is decided alone.
5. Publicity starts for the whole approved list at once: a message batch (POST /batches, message j01-publicity-start) after the city review. The period is 5 working days of the PRC calendar and always runs its full length.
6. Objections (the seeds only say "经公示无异议的人选", L387): each objection opens a verification task for city-reviewer (the city HR bureau that reviewed the case). Upheld: the case is rejected with the objection's reason and the applicant is notified. Unfounded: the case continues after the period ends. The case never moves on while a verification is open.
7. Recognition (市委人才办) is a task for org-department; four-eyes: it must be done by someone other than whoever did the city review (rf:distinctFrom cityReview). It may still refuse (reject), which notifies the applicant.
8. The electronic certificate is issued by the issue-certificate service task; the applicant is notified.
9. Re-registration: a timer 3 years (P3Y, exact) after recognition opens a task for the applicant to confirm or update their data (L407). If it is not done within 6 months the recognition lapses (the case ends at "Recognition lapsed" and the applicant is notified); re-running the full procedure is a new case.
10. Revocation (L411-L418) and upgrade applications (L409) are not part of this process: an administrator cancels the case; an upgrade is a new case.
`;

export const j01: ProcessSpec = {
  id: 'j01-talent-classification',
  name: 'J01 人才分类认定',
  documentation,
  startableBy: 'applicant,employer',
  forms: programmeForms(['j01-declaration']),
  layout: 'hand',
  roots: [
    message('Msg_publicity', 'j01-publicity-start', { senders: 'city-reviewer,org-department' }),
    objectionMessage(),
  ],
  elements: [
    // the declaration form (processes/forms/j01-declaration.form) is the data contract of POST /cases
    startEvent('start', { name: '申报开始', at: [150, ROW], form: 'j01-declaration' }),
    userTask('declare', {
      name: '填报申报材料（申请人）',
      at: [230, ROW],
      groups: 'applicant',
      assignee: '=applicantId',
      writes: 'note,attachments',
    }),
    userTask('employerSubmit', {
      name: '单位人事部门审核报送',
      at: [380, ROW],
      groups: 'employer',
      decisions: 'submit,return',
    }),
    exclusive('gwEmployer', { name: '是否报送？', at: [530, ROW], default: 'f_gwEmployer_districtReview' }),
    userTask('districtReview', {
      name: '区县受理与初审',
      at: [630, ROW],
      groups: 'district-reviewer',
      decisions: 'pass,reject',
      dueIn: 'P5D',
      calendar: 'cn-workday',
    }),
    boundaryEvent('reminder', {
      name: '第 4 个工作日',
      host: 'districtReview',
      slot: 1,
      timer: { duration: 'P4D', calendar: 'cn-workday' },
      interrupting: false,
    }),
    boundaryEvent('overdue', {
      name: '已逾期',
      host: 'districtReview',
      slot: 0,
      timer: { duration: 'P5D', calendar: 'cn-workday' },
      interrupting: false,
    }),
    notify('remindDistrict', {
      name: '提醒区县审核人员',
      at: [720, 440],
      template: 'j01-district-review-reminder',
      to: 'district-reviewer',
    }),
    endEvent('reminded', { name: '已提醒', at: [870, 440] }),
    notify('escalate', {
      name: '上报区委人才办',
      at: [760, 560],
      template: 'j01-district-review-overdue',
      to: 'district-talent-office',
    }),
    endEvent('escalated', { name: '已上报', at: [910, 560] }),
    exclusive('gwDistrict', { name: '是否推荐？', at: [780, ROW], default: 'f_gwDistrict_cityReview' }),
    ...rejectionNotice('notifyDistrictRejected', 'districtRejected', {
      name: '通知申请人：未获推荐',
      at: [855, UP],
      template: 'j01-not-recommended',
      inputs: applicant,
      end: '未获推荐',
    }),
    userTask('cityReview', {
      name: '市级审核（按季度）',
      at: [880, ROW],
      groups: 'city-reviewer',
      decisions: 'pass,reject',
    }),
    exclusive('gwCity', { name: '是否批准？', at: [1030, ROW], default: 'f_gwCity_waitPublicity' }),
    ...rejectionNotice('notifyCityRejected', 'cityRejected', {
      name: '通知申请人：未获批准',
      at: [1105, UP],
      template: 'j01-not-approved',
      inputs: applicant,
      end: '未获批准',
    }),
    ...publicityStage({
      x: 1280,
      row: ROW,
      up: UP,
      waitName: '公示名单发布',
      verifierRole: 'city-reviewer',
      next: 'recognition',
      template: 'j01-objection-upheld',
      applicant,
    }),
    userTask('recognition', {
      name: '认定类别（市委人才办）',
      at: [2080, ROW],
      groups: 'org-department',
      decisions: 'recognise,reject',
      distinctFrom: 'cityReview',
      writes: 'category',
    }),
    exclusive('gwRecognised', {
      name: '是否认定？',
      at: [2230, ROW],
      default: 'f_gwRecognised_issueCertificate',
    }),
    ...rejectionNotice('notifyNotRecognised', 'notRecognised', {
      name: '通知申请人：未获认定',
      at: [2305, UP],
      template: 'j01-not-recognised',
      inputs: applicant,
      end: '未获认定',
    }),
    serviceTask('issueCertificate', {
      name: '颁发电子证书',
      at: [2330, ROW],
      type: 'issue-certificate',
      headers: {
        title: '济南市高层次人才认定电子证书',
      },
    }),
    notify('notifyRecognised', {
      name: '通知申请人：已认定',
      at: [2480, ROW],
      template: 'j01-recognised',
      to: 'applicant',
      inputs: [...applicant, ['=certificateNo', 'certificateNo'], ['=category', 'category']],
    }),
    catchEvent('reRegistrationDue', { name: '认定 3 年后', at: [2630, ROW], timer: { duration: 'P3Y' } }),
    userTask('reRegister', {
      name: '重新登记（确认或更新信息）',
      at: [2720, ROW],
      groups: 'applicant',
      assignee: '=applicantId',
      writes: 'confirmed,phone,employerName',
    }),
    boundaryEvent('reRegisterLate', {
      name: '6 个月',
      host: 'reRegister',
      slot: 0,
      timer: { duration: 'P6M' },
    }),
    notify('notifyLapsed', {
      name: '通知申请人：认定失效',
      at: [2870, 440],
      template: 'j01-recognition-lapsed',
      to: 'applicant',
      inputs: applicant,
    }),
    endEvent('lapsed', { name: '认定失效', at: [3020, 440], outcome: 'lapsed' }),
    endEvent('reRegistered', { name: '已重新登记', at: [2870, ROW], outcome: 'approved' }),

    ...flows('start', 'declare', 'employerSubmit', 'gwEmployer'),
    flow('f_gwEmployer_declare', 'gwEmployer', 'declare', '=decision = "return"', '退回', [
      [555, 200],
      [280, 200],
    ]),
    flow('f_gwEmployer_districtReview', 'gwEmployer', 'districtReview'),
    ...flows('reminder', 'remindDistrict', 'reminded'),
    ...flows('overdue', 'escalate', 'escalated'),
    flow('f_districtReview_gwDistrict', 'districtReview', 'gwDistrict'),
    ...rejectionFlows('gwDistrict', 'notifyDistrictRejected', 'districtRejected'),
    ...flows('gwDistrict', 'cityReview', 'gwCity'),
    ...rejectionFlows('gwCity', 'notifyCityRejected', 'cityRejected'),
    ...publicityStageFlows('gwCity'),
    ...flows('gwUpheld', 'recognition', 'gwRecognised'),
    ...rejectionFlows('gwRecognised', 'notifyNotRecognised', 'notRecognised'),
    ...flows(
      'gwRecognised',
      'issueCertificate',
      'notifyRecognised',
      'reRegistrationDue',
      'reRegister',
      'reRegistered',
    ),
    ...flows('reRegisterLate', 'notifyLapsed', 'lapsed'),
  ],
};
