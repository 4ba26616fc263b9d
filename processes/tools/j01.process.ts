// J01 人才分类认定 (talent classification), from 济人才办发〔2022〕4号, 附件1《人才分类认定实施细则》 三、认定程序 and 五、管理服务 (docs/programmes.md).
import {
  type ProcessSpec,
  boundary,
  event,
  gateway,
  messageBody,
  notify,
  service,
  timerBody,
  userTask,
  withOutcome,
  formKeyXml,
} from './bpmn-writer';
import { OBJECTION_MESSAGE, publicityBlock } from './publicity-block';

const ROW = 300;
const UP = 160;
const applicant: [string, string][] = [['applicantId', '=applicantId']];

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
  forms: ['j01-declaration'],
  messages: [
    {
      id: 'Msg_publicity',
      name: 'j01-publicity-start',
      correlationKey: '=businessKey',
      senders: 'city-reviewer,org-department',
    },
    OBJECTION_MESSAGE,
  ],
  nodes: [
    // the declaration form (processes/forms/j01-declaration.form) is the data contract of POST /cases
    { ...event('start', 'startEvent', '申报开始', 150, ROW), ext: formKeyXml('j01-declaration') },
    userTask('declare', '填报申报材料（申请人）', 230, ROW, {
      groups: 'applicant',
      assignee: '=applicantId',
      writes: 'note,attachments',
    }),
    userTask('employerSubmit', '单位人事部门审核报送', 380, ROW, {
      groups: 'employer',
      decisions: 'submit,return',
    }),
    gateway('gwEmployer', '是否报送？', 530, ROW, 'f_gwEmployer_districtReview'),
    userTask('districtReview', '区县受理与初审', 630, ROW, {
      groups: 'district-reviewer',
      decisions: 'pass,reject',
      dueIn: 'P5D',
    }),
    boundary(
      'reminder',
      '第 4 个工作日',
      'districtReview',
      1,
      timerBody('timeDuration', 'P4D', 'cn-workday'),
      false,
    ),
    boundary('overdue', '已逾期', 'districtReview', 0, timerBody('timeDuration', 'P5D', 'cn-workday'), false),
    notify(
      'remindDistrict',
      '提醒区县审核人员',
      720,
      440,
      'j01-district-review-reminder',
      'district-reviewer',
    ),
    event('reminded', 'endEvent', '已提醒', 870, 440),
    notify('escalate', '上报区委人才办', 760, 560, 'j01-district-review-overdue', 'district-talent-office'),
    event('escalated', 'endEvent', '已上报', 910, 560),
    gateway('gwDistrict', '是否推荐？', 780, ROW, 'f_gwDistrict_cityReview'),
    notify(
      'notifyDistrictRejected',
      '通知申请人：未获推荐',
      855,
      UP,
      'j01-not-recommended',
      'applicant',
      applicant,
    ),
    withOutcome(event('districtRejected', 'endEvent', '未获推荐', 985, UP), 'rejected'),
    userTask('cityReview', '市级审核（按季度）', 880, ROW, {
      groups: 'city-reviewer',
      decisions: 'pass,reject',
    }),
    gateway('gwCity', '是否批准？', 1030, ROW, 'f_gwCity_waitPublicity'),
    notify(
      'notifyCityRejected',
      '通知申请人：未获批准',
      1105,
      UP,
      'j01-not-approved',
      'applicant',
      applicant,
    ),
    withOutcome(event('cityRejected', 'endEvent', '未获批准', 1235, UP), 'rejected'),
    event('waitPublicity', 'intermediateCatchEvent', '公示名单发布', 1280, ROW, messageBody('Msg_publicity')),
    publicityBlock(1360, ROW, 'city-reviewer'),
    gateway('gwUpheld', '异议是否成立？', 1980, ROW, 'f_gwUpheld_recognition'),
    notify('notifyObjectionUpheld', '通知申请人：异议成立', 2055, UP, 'j01-objection-upheld', 'applicant', [
      ...applicant,
      ['reason', '=rejectionReason'],
    ]),
    withOutcome(event('objectionRejected', 'endEvent', '异议成立，不予通过', 2185, UP), 'rejected'),
    userTask('recognition', '认定类别（市委人才办）', 2080, ROW, {
      groups: 'org-department',
      decisions: 'recognise,reject',
      distinctFrom: 'cityReview',
      writes: 'category',
    }),
    gateway('gwRecognised', '是否认定？', 2230, ROW, 'f_gwRecognised_issueCertificate'),
    notify(
      'notifyNotRecognised',
      '通知申请人：未获认定',
      2305,
      UP,
      'j01-not-recognised',
      'applicant',
      applicant,
    ),
    withOutcome(event('notRecognised', 'endEvent', '未获认定', 2435, UP), 'rejected'),
    service('issueCertificate', '颁发电子证书', 2330, ROW, 'issue-certificate', {
      title: '济南市高层次人才认定电子证书',
    }),
    notify('notifyRecognised', '通知申请人：已认定', 2480, ROW, 'j01-recognised', 'applicant', [
      ...applicant,
      ['certificateNo', '=certificateNo'],
      ['category', '=category'],
    ]),
    event(
      'reRegistrationDue',
      'intermediateCatchEvent',
      '认定 3 年后',
      2630,
      ROW,
      timerBody('timeDuration', 'P3Y'),
    ),
    userTask('reRegister', '重新登记（确认或更新信息）', 2720, ROW, {
      groups: 'applicant',
      assignee: '=applicantId',
      writes: 'confirmed,phone,employerName',
    }),
    boundary('reRegisterLate', '6 个月', 'reRegister', 0, timerBody('timeDuration', 'P6M'), true),
    notify(
      'notifyLapsed',
      '通知申请人：认定失效',
      2870,
      440,
      'j01-recognition-lapsed',
      'applicant',
      applicant,
    ),
    withOutcome(event('lapsed', 'endEvent', '认定失效', 3020, 440), 'lapsed'),
    withOutcome(event('reRegistered', 'endEvent', '已重新登记', 2870, ROW), 'approved'),
  ],
  flows: [
    { id: 'f_start_declare', from: 'start', to: 'declare' },
    { id: 'f_declare_employerSubmit', from: 'declare', to: 'employerSubmit' },
    { id: 'f_employerSubmit_gwEmployer', from: 'employerSubmit', to: 'gwEmployer' },
    {
      id: 'f_gwEmployer_declare',
      name: '退回',
      from: 'gwEmployer',
      to: 'declare',
      condition: '=decision = "return"',
      via: [
        [555, 200],
        [280, 200],
      ],
    },
    { id: 'f_gwEmployer_districtReview', from: 'gwEmployer', to: 'districtReview' },
    { id: 'f_reminder_remindDistrict', from: 'reminder', to: 'remindDistrict' },
    { id: 'f_remindDistrict_reminded', from: 'remindDistrict', to: 'reminded' },
    { id: 'f_overdue_escalate', from: 'overdue', to: 'escalate' },
    { id: 'f_escalate_escalated', from: 'escalate', to: 'escalated' },
    { id: 'f_districtReview_gwDistrict', from: 'districtReview', to: 'gwDistrict' },
    {
      id: 'f_gwDistrict_notifyDistrictRejected',
      name: '不通过',
      from: 'gwDistrict',
      to: 'notifyDistrictRejected',
      condition: '=decision = "reject"',
    },
    {
      id: 'f_notifyDistrictRejected_districtRejected',
      from: 'notifyDistrictRejected',
      to: 'districtRejected',
    },
    { id: 'f_gwDistrict_cityReview', from: 'gwDistrict', to: 'cityReview' },
    { id: 'f_cityReview_gwCity', from: 'cityReview', to: 'gwCity' },
    {
      id: 'f_gwCity_notifyCityRejected',
      name: '不通过',
      from: 'gwCity',
      to: 'notifyCityRejected',
      condition: '=decision = "reject"',
    },
    { id: 'f_notifyCityRejected_cityRejected', from: 'notifyCityRejected', to: 'cityRejected' },
    { id: 'f_gwCity_waitPublicity', from: 'gwCity', to: 'waitPublicity' },
    { id: 'f_waitPublicity_publicity', from: 'waitPublicity', to: 'publicity' },
    { id: 'f_publicity_gwUpheld', from: 'publicity', to: 'gwUpheld' },
    {
      id: 'f_gwUpheld_notifyObjectionUpheld',
      name: '成立',
      from: 'gwUpheld',
      to: 'notifyObjectionUpheld',
      condition: '=objectionUpheld = true',
    },
    {
      id: 'f_notifyObjectionUpheld_objectionRejected',
      from: 'notifyObjectionUpheld',
      to: 'objectionRejected',
    },
    { id: 'f_gwUpheld_recognition', from: 'gwUpheld', to: 'recognition' },
    { id: 'f_recognition_gwRecognised', from: 'recognition', to: 'gwRecognised' },
    {
      id: 'f_gwRecognised_notifyNotRecognised',
      name: '不通过',
      from: 'gwRecognised',
      to: 'notifyNotRecognised',
      condition: '=decision = "reject"',
    },
    { id: 'f_notifyNotRecognised_notRecognised', from: 'notifyNotRecognised', to: 'notRecognised' },
    { id: 'f_gwRecognised_issueCertificate', from: 'gwRecognised', to: 'issueCertificate' },
    { id: 'f_issueCertificate_notifyRecognised', from: 'issueCertificate', to: 'notifyRecognised' },
    { id: 'f_notifyRecognised_reRegistrationDue', from: 'notifyRecognised', to: 'reRegistrationDue' },
    { id: 'f_reRegistrationDue_reRegister', from: 'reRegistrationDue', to: 'reRegister' },
    { id: 'f_reRegister_reRegistered', from: 'reRegister', to: 'reRegistered' },
    { id: 'f_reRegisterLate_notifyLapsed', from: 'reRegisterLate', to: 'notifyLapsed' },
    { id: 'f_notifyLapsed_lapsed', from: 'notifyLapsed', to: 'lapsed' },
  ],
};
