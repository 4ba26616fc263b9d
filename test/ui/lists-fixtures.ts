// Processes for the list-notice browser test, in Chinese, built with the BPMN builder and placed by hand.
import {
  type El,
  catchEvent,
  endEvent,
  flow,
  message,
  renderProcess,
  startEvent,
  subProcess,
  userTask,
} from '../../processes/tools/bpmn-model.builder';

const process = (key: string, name: string, roots: El[], elements: El[]): Promise<string> =>
  renderProcess({
    id: key,
    name,
    documentation: '',
    startableBy: 'applicant,employer',
    roots,
    elements,
    layout: 'hand',
  });

/**
 * The applicant applies, the working group publishes the list (message `<key>-publicity`), 5 working days of
 * publicity during which each objection opens a verification task (upheld / unfounded) for the city reviewer.
 */
export const publicityXml = (key: string) =>
  process(
    key,
    '人才认定公示',
    [
      message('Msg_publish', `${key}-publicity`, { senders: 'org-department,city-reviewer' }),
      message('Msg_objection', 'objection'),
    ],
    [
      startEvent('start', { name: '提交申报', at: [100, 180] }),
      catchEvent('waitList', { name: '公示名单发布', at: [190, 180], message: 'Msg_publish' }),
      subProcess('publicity', {
        name: '社会公示',
        at: [280, 60],
        size: [420, 320],
        elements: [
          startEvent('pubStart', { name: '公示开始', at: [310, 130] }),
          catchEvent('period', {
            name: '5个工作日',
            at: [460, 130],
            timer: { duration: 'P5D', calendar: 'cn-workday' },
          }),
          endEvent('pubEnd', { name: '公示期满', at: [620, 130] }),
          flow('p1', 'pubStart', 'period'),
          flow('p2', 'period', 'pubEnd'),
          subProcess('onObjection', {
            name: '异议',
            triggeredByEvent: true,
            at: [310, 200],
            size: [360, 150],
            elements: [
              startEvent('objectionRaised', {
                name: '提出异议',
                at: [330, 275],
                interrupting: false,
                message: 'Msg_objection',
              }),
              userTask('verifyObjection', {
                name: '异议核查',
                at: [430, 275],
                groups: 'city-reviewer',
                decisions: 'upheld,unfounded',
              }),
              endEvent('objectionDone', { name: '核查完毕', at: [600, 275] }),
              flow('o1', 'objectionRaised', 'verifyObjection'),
              flow('o2', 'verifyObjection', 'objectionDone'),
            ],
          }),
        ],
      }),
      endEvent('done', { name: '认定', at: [760, 220] }),
      flow('f1', 'start', 'waitList'),
      flow('f2', 'waitList', 'publicity'),
      flow('f3', 'publicity', 'done'),
    ],
  );

/** A supported case the working group may revoke at any time (message `<key>-revoke`, senders org-department). */
export const revocableXml = (key: string) =>
  process(
    key,
    '领军人才支持',
    [message('Msg_revoke', `${key}-revoke`, { senders: 'org-department' })],
    [
      startEvent('start', { name: '提交申报', at: [100, 120] }),
      userTask('midTerm', {
        name: '中期评估',
        at: [200, 120],
        groups: 'city-reviewer',
        decisions: 'pass,fail',
      }),
      endEvent('done', { name: '支持期满', at: [370, 120], outcome: 'support-completed' }),
      flow('f1', 'start', 'midTerm'),
      flow('f2', 'midTerm', 'done'),
      subProcess('revocation', {
        name: '取消资格',
        triggeredByEvent: true,
        at: [100, 200],
        size: [300, 120],
        elements: [
          startEvent('revoked', {
            name: '决定取消资格',
            at: [140, 260],
            interrupting: true,
            message: 'Msg_revoke',
            outputs: [
              ['=revocationReason', 'revocationReason'],
              ['=clawback', 'clawback'],
            ],
          }),
          endEvent('revokedEnd', { name: '已取消资格', at: [320, 260], outcome: 'revoked' }),
          flow('r1', 'revoked', 'revokedEnd'),
        ],
      }),
    ],
  );
