// The publicity period with objections (issue 6 "Objections" design), shared by the programmes: a 5-working-day
// period that always runs its full length; each objection opens a verification task in a non-interrupting event
// sub-process, and the sub-process (so the case) only moves on once every verification is done.
import { type FlowSpec, type NodeSpec, event, io, messageBody, timerBody, userTask } from './bpmn-writer';

export const OBJECTION_MESSAGE = { id: 'Msg_objection', name: 'objection', correlationKey: '=businessKey' };

/** Publicity sub-process at (x, centre line cy), 560 × 380. Outputs `objectionUpheld` and `rejectionReason`. */
export function publicityBlock(x: number, cy: number, verifierRole: string): NodeSpec {
  const y = cy - 190;
  const children: NodeSpec[] = [
    event('pubStart', 'startEvent', '公示开始', x + 40, y + 80),
    event(
      'period',
      'intermediateCatchEvent',
      '5 个工作日',
      x + 200,
      y + 80,
      timerBody('timeDuration', 'P5D', 'cn-workday'),
    ),
    event('pubEnd', 'endEvent', '期间结束', x + 400, y + 80),
    {
      id: 'onObjection',
      kind: 'subProcess',
      name: '收到异议',
      x: x + 40,
      cy: y + 150,
      w: 480,
      h: 190,
      attrs: { triggeredByEvent: 'true' },
      children: [
        {
          ...event(
            'objectionRaised',
            'startEvent',
            '异议',
            x + 80,
            y + 245,
            messageBody(OBJECTION_MESSAGE.id),
            { isInterrupting: 'false' },
          ),
          // message variables reach the case only through output mappings
          ext: io([], [['objection', '=objection']]),
        },
        userTask('verifyObjection', '核实异议', x + 200, y + 245, {
          groups: verifierRole,
          decisions: 'upheld,unfounded',
          io: io(
            [['objectionReason', '=objection.reason']],
            [
              ['upheld', '=upheld or decision = "upheld"'],
              ['upheldReason', '=if decision = "upheld" then objectionReason else upheldReason'],
            ],
          ),
        }),
        event('objectionDone', 'endEvent', '核实完毕', x + 400, y + 245),
      ],
      flows: [
        { id: 'f_objectionRaised_verifyObjection', from: 'objectionRaised', to: 'verifyObjection' },
        { id: 'f_verifyObjection_objectionDone', from: 'verifyObjection', to: 'objectionDone' },
      ],
    },
  ];
  const flows: FlowSpec[] = [
    { id: 'f_pubStart_period', from: 'pubStart', to: 'period' },
    { id: 'f_period_pubEnd', from: 'period', to: 'pubEnd' },
  ];
  return {
    id: 'publicity',
    kind: 'subProcess',
    name: '公示与异议',
    x,
    cy: y,
    w: 560,
    h: 380,
    // Local flags so each case's findings stay inside its own period, then handed out.
    ext: io(
      [
        ['upheld', '=false'],
        ['upheldReason', '=""'],
      ],
      [
        ['objectionUpheld', '=upheld'],
        ['rejectionReason', '=upheldReason'],
      ],
    ),
    children,
    flows,
  };
}
