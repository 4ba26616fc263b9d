// A refused deployment's problems in plain words, chosen by the problem's `code`. Problems the server sends without
// a code (most dialect rules still do) get one here from the shape of their message, so each is still explained;
// the server's own English sentence is what the English UI shows.
import type { Lang } from './i18n';

export type DeployProblemCode =
  | 'XML_UNREADABLE'
  | 'UNSUPPORTED_ELEMENT'
  | 'UNSUPPORTED_EVENT'
  | 'UNSUPPORTED_ATTRIBUTE'
  | 'UNSUPPORTED_FEATURE'
  | 'CALENDAR_INVALID'
  | 'DUE_INVALID'
  | 'TIMER_INVALID'
  | 'FEEL_INVALID'
  | 'MESSAGE_INVALID'
  | 'SIGNAL_INVALID'
  | 'ERROR_INVALID'
  | 'ESCALATION_INVALID'
  | 'FLOW_INVALID'
  | 'START_EVENT_INVALID'
  | 'END_EVENT_INVALID'
  | 'GATEWAY_INVALID'
  | 'UNREACHABLE'
  | 'DUPLICATE_ID'
  | 'FORM_INVALID'
  | 'TASK_TYPE_INVALID'
  | 'SERVICE_INPUT_INVALID'
  | 'DECISIONS_INVALID'
  | 'ASSIGNMENT_INVALID'
  | 'MULTI_INSTANCE_INVALID'
  | 'MAPPING_INVALID'
  | 'CALL_ACTIVITY_INVALID'
  | 'DMN_INVALID'
  | 'BPMN_INVALID';

// Order matters: the first pattern that matches names the problem.
const PATTERNS: [RegExp, DeployProblemCode][] = [
  [/could not be read|cannot be read|not well-formed|unparsable|not a readable/i, 'XML_UNREADABLE'],
  [/duplicate id/i, 'DUPLICATE_ID'],
  [/unreachable/i, 'UNREACHABLE'],
  [/unsupported event definition/i, 'UNSUPPORTED_EVENT'],
  [/unsupported (element|extension element|loop characteristics)/i, 'UNSUPPORTED_ELEMENT'],
  [/unsupported attribute/i, 'UNSUPPORTED_ATTRIBUTE'],
  [/rf:calendar|cn-workday/i, 'CALENDAR_INVALID'],
  [/rf:dueIn|dueDate|followUpDate|taskSchedule/i, 'DUE_INVALID'],
  [/\btime(Duration|Date|Cycle)\b|\btimer\b/i, 'TIMER_INVALID'],
  [/\bdmn\b|decisionId|calledDecision|decision table/i, 'DMN_INVALID'],
  [/rf:decisions/i, 'DECISIONS_INVALID'],
  [
    /candidateUsers|candidateGroups|assignee|rf:startableBy|rf:distinctFrom|rf:excludeAffiliation/i,
    'ASSIGNMENT_INVALID',
  ],
  [/form|rf:writes/i, 'FORM_INVALID'],
  [/\bFEEL\b|expression/i, 'FEEL_INVALID'],
  [/signal/i, 'SIGNAL_INVALID'],
  [/escalation/i, 'ESCALATION_INVALID'],
  [/error(Ref|Code| end| boundary| start)/i, 'ERROR_INVALID'],
  [/message/i, 'MESSAGE_INVALID'],
  [/multi-instance|inputCollection|loopCardinality|outputCollection/i, 'MULTI_INSTANCE_INVALID'],
  [/mapping/i, 'MAPPING_INVALID'],
  [/call activity|calledElement|processId/i, 'CALL_ACTIVITY_INVALID'],
  [/\bpay\b|\bquota\b|tranche|amount|task header/i, 'SERVICE_INPUT_INVALID'],
  [/task type|taskDefinition|resultVariable|retries/i, 'TASK_TYPE_INVALID'],
  [/gateway/i, 'GATEWAY_INVALID'],
  [/start event/i, 'START_EVENT_INVALID'],
  [/end event/i, 'END_EVENT_INVALID'],
  [/flow|incoming|outgoing/i, 'FLOW_INVALID'],
  [/not supported/i, 'UNSUPPORTED_FEATURE'],
];

/** The problem's code: the server's, else the one its message shows, else BPMN_INVALID. */
export function deployProblemCode(problem: { code?: string; message?: string }): string {
  if (problem.code) return problem.code;
  const message = problem.message ?? '';
  return PATTERNS.find(([re]) => re.test(message))?.[1] ?? 'BPMN_INVALID';
}

const ZH: Record<string, string> = {
  XML_UNREADABLE: '文件无法读取：不是有效的 BPMN XML 文件，请用 Camunda Modeler 重新保存。',
  UNSUPPORTED_ELEMENT: '系统不支持这种元素类型，请改用用户任务、服务任务、网关或事件。',
  UNSUPPORTED_EVENT: '系统不支持这种事件类型（可用：定时、消息、信号、错误、升级事件）。',
  UNSUPPORTED_ATTRIBUTE: '该元素使用了系统不支持的属性，请删除后重新上传。',
  UNSUPPORTED_FEATURE: '该元素使用了系统不支持的建模功能。',
  CALENDAR_INVALID: '工作日日历的期限只能按整天计算（例如 5 个工作日），不能按小时或分钟。',
  DUE_INVALID: '办理期限设置有误：期限需为有效的时长或日期，且只能用一种方式设置。',
  TIMER_INVALID: '定时器设置有误：需要且只能设置一个有效的时长、日期或周期。',
  FEEL_INVALID: '表达式写法有误，请检查以等号开头的表达式。',
  MESSAGE_INVALID: '消息设置有误：消息事件需要引用一个有名称的消息。',
  SIGNAL_INVALID: '信号设置有误：信号事件需要引用一个有名称的信号。',
  ERROR_INVALID: '错误事件设置有误：需要引用带错误代码的错误定义。',
  ESCALATION_INVALID: '升级事件设置有误：需要引用带升级代码的升级定义。',
  FLOW_INVALID: '连线有误：请检查该元素的流入、流出连线。',
  START_EVENT_INVALID: '开始事件有误：流程（及每个子流程）需要且只能有一个普通开始事件。',
  END_EVENT_INVALID: '结束事件有误：结束事件不能有流出连线。',
  GATEWAY_INVALID: '网关设置有误：请检查网关的分支和默认连线。',
  UNREACHABLE: '从开始事件无法到达该元素，请补上连线。',
  DUPLICATE_ID: '元素标识重复，请在 Camunda Modeler 中修改其中一个。',
  FORM_INVALID: '表单设置有误：请检查该环节引用或内嵌的表单。',
  TASK_TYPE_INVALID: '服务任务设置有误：任务类型需为系统支持的固定名称。',
  SERVICE_INPUT_INVALID: '服务任务的输入有误（如拨付批次、金额或名额），请检查输入映射。',
  DECISIONS_INVALID: '审核结论选项设置有误：结论列表不能为空。',
  ASSIGNMENT_INVALID: '办理人设置有误：请用候选组（角色）指定办理人，并检查相关属性。',
  MULTI_INSTANCE_INVALID: '多实例设置有误：需要设置输入集合，输出集合与输出元素需同时设置。',
  MAPPING_INVALID: '变量映射有误：请检查输入、输出映射的来源和目标。',
  CALL_ACTIVITY_INVALID: '调用活动设置有误：需要指定被调用流程的标识。',
  DMN_INVALID: '决策表设置有误：请检查引用的决策及其定义。',
  DMN_UNREADABLE: '决策表文件无法读取：不是有效的决策表文件。',
  DMN_UNSUPPORTED: '决策表使用了系统不支持的功能。',
  DECISION_NOT_DEPLOYED: '引用的决策尚未部署，请先部署对应的决策表。',
  DECISION_MISSING: '引用的决策不存在。',
  DECISION_ID_FEEL: '决策标识必须是固定值，不能是表达式。',
  RESULT_VARIABLE_INVALID: '结果变量设置有误。',
  BPMN_INVALID: '该处配置不符合系统的流程规范，请在 Camunda Modeler 中检查后重新上传。',
};

/** The problem in the UI's language: Chinese by its code, English as the server wrote it. */
export function deployProblemText(problem: { code?: string; message?: string }, lang: Lang): string {
  if (lang === 'en') return problem.message ?? '';
  const code = deployProblemCode(problem);
  return ZH[code] ?? (code.startsWith('DMN_') ? (ZH.DMN_INVALID as string) : (ZH.BPMN_INVALID as string));
}
