// The programmes' shared patterns, built with bpmn-model.builder.ts: publicity with objections, a staged-payment
// tranche, the expert ballot, a reviewing step with its verdict. Ids and labels stay parameters because recorded histories name the elements.
import {
  type At,
  type El,
  type Mapping,
  type UserTaskOptions,
  catchEvent,
  endEvent,
  exclusive,
  flow,
  message,
  notify,
  serviceTask,
  startEvent,
  subProcess,
  userTask,
} from './bpmn-model.builder';

/** The objection message (POST /cases/:id/objections sends it; no role may publish it). */
export const objectionMessage = (): El => message('Msg_objection', 'objection');

export interface PublicityOptions {
  /** hand layout: left edge and centre line of the 560 × 380 sub-process; absent under auto layout */
  at?: At;
  /** the role that verifies objections */
  verifierRole: string;
  labels: {
    subProcess: string;
    start?: string;
    period: string;
    end: string;
    onObjection: string;
    raised: string;
    done: string;
  };
  ids: {
    period: string;
    done: string;
    flows: [start: string, end: string, raised: string, verified: string];
  };
  /**
   * What an upheld objection leaves behind: the sub-process-local variable (`local`, starting at `initial`), the FEEL
   * value the verification writes into it when upheld (`value`, may use the verifier's `writes` or `inputs`), and
   * the case variable it is handed out as (`output`).
   */
  finding: {
    local: string;
    initial: string;
    value: string;
    output: string;
    inputs?: Mapping[];
    writes?: string;
  };
}

/**
 * The publicity period with objections (issue 6 "Objections" design): a 5-working-day period that always runs its
 * full length; each objection opens a verification task in a non-interrupting event sub-process, and the
 * sub-process (so the case) only moves on once every verification is done. Outputs `objectionUpheld` and the
 * finding.
 */
export function publicityWithObjections(o: PublicityOptions): El {
  const { labels, ids, finding } = o;
  const pos = (dx: number, dy: number): At | undefined =>
    o.at ? [o.at[0] + dx, o.at[1] - 190 + dy] : undefined;
  const onObjection = subProcess('onObjection', {
    name: labels.onObjection,
    triggeredByEvent: true,
    at: pos(40, 150),
    size: [480, 190],
    elements: [
      startEvent('objectionRaised', {
        name: labels.raised,
        at: pos(80, 245),
        message: 'Msg_objection',
        interrupting: false,
        // message variables reach the case only through output mappings
        outputs: [['=objection', 'objection']],
      }),
      userTask('verifyObjection', {
        name: '核实异议',
        at: pos(200, 245),
        groups: o.verifierRole,
        decisions: 'upheld,unfounded',
        writes: finding.writes,
        inputs: finding.inputs,
        outputs: [
          ['=upheld or decision = "upheld"', 'upheld'],
          [`=if decision = "upheld" then ${finding.value} else ${finding.local}`, finding.local],
        ],
      }),
      endEvent(ids.done, { name: labels.done, at: pos(400, 245) }),
      flow(ids.flows[2], 'objectionRaised', 'verifyObjection'),
      flow(ids.flows[3], 'verifyObjection', ids.done),
    ],
  });
  return subProcess('publicity', {
    name: labels.subProcess,
    at: pos(0, 0),
    size: [560, 380],
    // local flags so each case's findings stay inside its own period, then handed out
    inputs: [
      ['=false', 'upheld'],
      [finding.initial, finding.local],
    ],
    outputs: [
      ['=upheld', 'objectionUpheld'],
      [`=${finding.local}`, finding.output],
    ],
    elements: [
      startEvent('pubStart', { name: labels.start, at: pos(40, 80) }),
      catchEvent(ids.period, {
        name: labels.period,
        at: pos(200, 80),
        timer: { duration: 'P5D', calendar: 'cn-workday' },
      }),
      endEvent('pubEnd', { name: labels.end, at: pos(400, 80) }),
      onObjection,
      flow(ids.flows[0], 'pubStart', ids.period),
      flow(ids.flows[1], ids.period, 'pubEnd'),
    ],
  });
}

export interface TrancheOptions {
  name: string;
  at?: At;
  /** FEEL: the tranche's name in the ledger, e.g. `="year-1"` */
  tranche: string;
  /** FEEL: the amount in fen */
  amount: string;
  /** FEEL: a stopped tranche's status and reason, written to the ledger instead of a payment */
  status?: string;
  reason?: string;
  headers?: Record<string, string>;
  outputs?: Mapping[];
  retries?: number;
}

/** One tranche of a staged payment: the `pay` task that pays it, or records it stopped. */
export function tranche(id: string, o: TrancheOptions): El {
  const inputs: Mapping[] = [
    [o.tranche, 'tranche'],
    [o.amount, 'amount'],
  ];
  if (o.status !== undefined) inputs.push([o.status, 'status']);
  if (o.reason !== undefined) inputs.push([o.reason, 'reason']);
  return serviceTask(id, {
    name: o.name,
    at: o.at,
    type: 'pay',
    retries: o.retries,
    headers: o.headers,
    inputs,
    outputs: o.outputs,
  });
}

export interface BallotOptions {
  name: string;
  at?: At;
  /** the embedded form each expert fills in */
  form: string;
  seats: number;
  /** the ballot closes once this many experts have voted; the other seats are withdrawn */
  quorum: number;
  /** the collection of the experts' votes, and the FEEL value each vote contributes */
  votes: string;
  vote: string;
}

/**
 * The expert ballot: `seats` parallel expert tasks, one seat per expert (rf:distinctFrom on itself), none for an
 * expert affiliated with the employer, closed at the quorum.
 */
export function expertBallot(id: string, o: BallotOptions): El {
  return userTask(id, {
    name: o.name,
    at: o.at,
    groups: 'expert',
    form: o.form,
    distinctFrom: id,
    excludeAffiliation: '=employerId',
    mi: {
      collection: `=[${Array.from({ length: o.seats }, (_, i) => i + 1).join(', ')}]`,
      element: 'seat',
      outputCollection: o.votes,
      outputElement: o.vote,
      completion: `=numberOfCompletedInstances >= ${o.quorum}`,
    },
  });
}

/** J01's and J03a's publicity, placed by hand at `at`: an upheld objection's reason becomes `rejectionReason`. */
export const publicityBlock = (at: At, verifierRole: string): El =>
  publicityWithObjections({
    at,
    verifierRole,
    labels: {
      subProcess: '公示与异议',
      start: '公示开始',
      period: '5 个工作日',
      end: '期间结束',
      onObjection: '收到异议',
      raised: '异议',
      done: '核实完毕',
    },
    ids: {
      period: 'period',
      done: 'objectionDone',
      flows: [
        'f_pubStart_period',
        'f_period_pubEnd',
        'f_objectionRaised_verifyObjection',
        'f_verifyObjection_objectionDone',
      ],
    },
    finding: {
      local: 'upheldReason',
      initial: '=""',
      value: 'objectionReason',
      output: 'rejectionReason',
      inputs: [['=objection.reason', 'objectionReason']],
    },
  });

/** Output mappings of a reviewing task: its decision, and on a negative decision the reason for the applicant. */
export const verdict = (stage: string, negative: string): Mapping[] => [
  ['=decision', 'decision'],
  [
    `=if decision = "${negative}" then "${stage}: " + (if reason != null then reason else "no reason given") else rejectionReason`,
    'rejectionReason',
  ],
];

export interface ReviewStepOptions extends Omit<UserTaskOptions, 'outputs'> {
  /** how the stage is named in the applicant's rejection reason */
  stage: string;
  /** the decision that rejects */
  negative: string;
  /** the gateway after the step; its default flow is the way on */
  gateway: { id: string; name: string; default: string };
}

/** A reviewing step and the gateway on its verdict (the decision, and the reason when it rejects). */
export function reviewStep(id: string, o: ReviewStepOptions): El[] {
  const { stage, negative, gateway, ...task } = o;
  return [
    userTask(id, { ...task, outputs: verdict(stage, negative) }),
    exclusive(gateway.id, { name: gateway.name, default: gateway.default }),
  ];
}

/** Sequence flows a → b → c …, each named f_<source>_<target>. */
export const flows = (...ids: string[]): El[] =>
  ids.slice(1).map((target, i) => flow(`f_${ids[i]}_${target}`, ids[i] as string, target));

/**
 * A gateway's branch that ends the case: the flow on `condition` (labelled `label`) to the task that notifies the
 * applicant, and on to the end event.
 */
export const rejectionFlows = (
  gateway: string,
  notifyId: string,
  endId: string,
  condition = '=decision = "reject"',
  label = '不通过',
): El[] => [flow(`f_${gateway}_${notifyId}`, gateway, notifyId, condition, label), ...flows(notifyId, endId)];

export interface RejectionNoticeOptions {
  /** hand layout of the notify task; the end event stands 130 to its right */
  at: At;
  name: string;
  template: string;
  inputs: Mapping[];
  /** the end event's label */
  end: string;
}

/** The elements of a branch that ends the case: the task that notifies the applicant, and a rejected end. */
export const rejectionNotice = (notifyId: string, endId: string, o: RejectionNoticeOptions): El[] => [
  notify(notifyId, { name: o.name, at: o.at, template: o.template, to: 'applicant', inputs: o.inputs }),
  endEvent(endId, { name: o.end, at: [o.at[0] + 130, o.at[1]], outcome: 'rejected' }),
];

export interface PublicityStageOptions {
  /** hand layout: x of the wait for the list, the centre line of the row and of the rejection branch above it */
  x: number;
  row: number;
  up: number;
  /** label of the wait for the publicity list's message */
  waitName: string;
  verifierRole: string;
  /** the element an unfounded (or no) objection leads on to */
  next: string;
  /** the notice's template when an objection is upheld */
  template: string;
  applicant: Mapping[];
}

/**
 * J01's and J03a's publicity stage: wait for the list's message (Msg_publicity), the publicity with objections and
 * the gateway on an upheld objection, which notifies the applicant and rejects the case.
 */
export const publicityStage = (o: PublicityStageOptions): El[] => [
  catchEvent('waitPublicity', { name: o.waitName, at: [o.x, o.row], message: 'Msg_publicity' }),
  publicityBlock([o.x + 80, o.row], o.verifierRole),
  exclusive('gwUpheld', { name: '异议是否成立？', at: [o.x + 700, o.row], default: `f_gwUpheld_${o.next}` }),
  ...rejectionNotice('notifyObjectionUpheld', 'objectionRejected', {
    name: '通知申请人：异议成立',
    at: [o.x + 775, o.up],
    template: o.template,
    inputs: [...o.applicant, ['=rejectionReason', 'reason']],
    end: '异议成立，不予通过',
  }),
];

/** The flows of publicityStage from `from` up to its gateway, and the gateway's rejecting branch. */
export const publicityStageFlows = (from: string): El[] => [
  ...flows(from, 'waitPublicity', 'publicity', 'gwUpheld'),
  ...rejectionFlows(
    'gwUpheld',
    'notifyObjectionUpheld',
    'objectionRejected',
    '=objectionUpheld = true',
    '成立',
  ),
];
