// Incidents in plain words: the API's cause codes and the case-operation refusal codes, in Chinese and English.
import type { IncidentItem } from '../../api/types';
import { defineMessages, type Lang } from '../../i18n/i18n';

// the API's shapes (generated from the server's schemas), re-exported where the incident views import them
export type { ElementInstance, IncidentItem } from '../../api/types';

export const CAUSES = defineMessages({
  zh: {
    UNKNOWN_TASK_TYPE: '系统中没有该自动环节对应的处理程序，请联系技术人员检查流程配置。',
    INVALID_PARAMETER: '自动环节收到的数据不符合要求（例如金额不是整数），请修改案件数据后重试。',
    DEFINITION_NOT_FOUND: '所调用的子流程尚未部署。',
    CALENDAR_ERROR: '按工作日历计算期限时出错，请检查日历数据。',
    JOB_FAILED: '外部系统处理失败，且已无重试次数。',
    SERVICE_FAILED: '自动环节多次执行失败（例如外部系统暂时不可用），可直接重试。',
    BPMN_ERROR_UNCAUGHT: '流程中出现了未处理的业务异常。',
    CALLED_CASE_FAILED: '所调用的子案件未能正常办结。',
    NO_FLOW_MATCHED: '案件数据不满足任何一条后续路径的条件，请修改案件数据后重试。',
    EXPRESSION_FAILED: '流程中的计算表达式无法求值（可能缺少所需数据），请修改案件数据后重试。',
    TIMER_INVALID: '期限设置无效，无法计时。',
    CORRELATION_KEY_INVALID: '等待消息所需的关联编号缺失或无效。',
    COLLECTION_INVALID: '多人办理环节所需的名单数据无效。',
    RUNAWAY: '流程出现失控循环或待办过多，已自动暂停。',
    DEADLINE_FAILED: '期限无法计算（例如缺少该年度的节假日安排），处理后可重试。',
    UNKNOWN: '流程执行出现异常。',
  } as Record<string, string>,
  en: {
    UNKNOWN_TASK_TYPE:
      'No handler is registered for this automatic step; ask a developer to check the process.',
    INVALID_PARAMETER:
      'The automatic step received data it cannot use (e.g. an amount that is not an integer); fix the case data and retry.',
    DEFINITION_NOT_FOUND: 'The called process has not been deployed.',
    CALENDAR_ERROR: 'A deadline could not be computed on the working-day calendar; check the calendar data.',
    JOB_FAILED: 'The external system failed and has no retries left.',
    SERVICE_FAILED:
      'The automatic step failed repeatedly (e.g. an external system was down); it can be retried.',
    BPMN_ERROR_UNCAUGHT: 'A business error was raised that the process does not handle.',
    CALLED_CASE_FAILED: 'The called sub-case did not finish normally.',
    NO_FLOW_MATCHED: 'The case data matches none of the following paths; fix the case data and retry.',
    EXPRESSION_FAILED:
      'An expression in the process cannot be evaluated (data may be missing); fix the data and retry.',
    TIMER_INVALID: 'The timer setting is invalid.',
    CORRELATION_KEY_INVALID: 'The reference the step waits for is missing or invalid.',
    COLLECTION_INVALID: 'The list for the multi-person step is invalid.',
    RUNAWAY: 'The process looped or opened too many tasks and was paused.',
    DEADLINE_FAILED:
      'A deadline could not be computed (e.g. the holiday calendar is missing); retry once fixed.',
    UNKNOWN: 'The process ran into a problem.',
  } as Record<string, string>,
});

/** Known BPMN error codes, said in words. */
const ERROR_CODES = defineMessages({
  zh: {
    QUOTA_EXHAUSTED: '该等级名额已满。',
    DMN_NO_MATCH: '决策表中没有符合条件的规则，请核对案件数据或补充规则后重试。',
    DMN_UNIQUE_VIOLATION: '决策表要求只命中一条规则，但有多条规则同时符合，请修改决策表后重新部署流程。',
    DMN_ANY_CONFLICT: '决策表中同时符合的多条规则给出了不同结果，请修改决策表后重新部署流程。',
    DMN_AGGREGATION_INVALID: '决策表汇总（求和、最小、最大）时遇到了非数字的结果。',
    DMN_EVALUATION_FAILED: '决策表中的表达式无法计算（可能缺少所需数据），请修改案件数据后重试。',
    JOB_TYPE_INVALID: '外部任务的类型无法由案件数据得出，请补充案件数据后重试。',
    JOB_RETRIES_INVALID: '外部任务的重试次数设置无效，请核对案件数据后重试。',
    LISTENER_FAILED: '步骤的执行监听器（外部系统）多次失败，请排除外部系统的问题后重试。',
    LISTENER_BPMN_ERROR:
      '步骤的执行监听器（外部系统）报告了业务错误，监听器的错误无法被流程捕获，请处理后重试。',
    AD_HOC_ACTIVATION_FAILED:
      '自由子流程要启动的步骤列表无效（应为其中步骤的编号列表），请核对案件数据后重试。',
    AD_HOC_COMPLETION_CONDITION_FAILED:
      '自由子流程的完成条件无法计算（可能缺少所需数据），请补充案件数据后重试。',
  } as Record<string, string>,
  en: {
    QUOTA_EXHAUSTED: 'The places of this grade are used up.',
    DMN_NO_MATCH: 'No rule of the decision table matched; check the case data or add a rule, then retry.',
    DMN_UNIQUE_VIOLATION:
      'The decision table allows one matching rule, but several matched; fix the table and redeploy the process.',
    DMN_ANY_CONFLICT:
      'Rules of the decision table that matched gave different results; fix the table and redeploy.',
    DMN_AGGREGATION_INVALID:
      'The decision table summed, or took the minimum or maximum of, a result that is not a number.',
    DMN_EVALUATION_FAILED:
      'An expression in the decision table cannot be evaluated (data may be missing); fix the data and retry.',
    JOB_TYPE_INVALID:
      'The type of an external job could not be worked out from the case data; fix the data and retry.',
    JOB_RETRIES_INVALID: 'The retry count of an external job is invalid; check the case data and retry.',
    LISTENER_FAILED:
      "A step's execution listener (an external system) failed for good; fix the external system, then retry.",
    LISTENER_BPMN_ERROR:
      "A step's execution listener reported a business error, which the process cannot catch; handle it, then retry.",
    AD_HOC_ACTIVATION_FAILED:
      'The list of steps an ad-hoc subprocess should start is invalid (it must name steps inside it); check the case data and retry.',
    AD_HOC_COMPLETION_CONDITION_FAILED:
      'The completion condition of an ad-hoc subprocess cannot be evaluated (data may be missing); fix the data and retry.',
  } as Record<string, string>,
});

export function causeText(cause: IncidentItem['cause'], lang: Lang): string {
  const own = (t: Record<string, string>, k: string | undefined) =>
    k !== undefined && Object.prototype.hasOwnProperty.call(t, k) ? t[k] : undefined;
  const base = own(CAUSES[lang], cause.code) ?? own(ERROR_CODES[lang], cause.code) ?? CAUSES[lang].UNKNOWN;
  const extra = own(ERROR_CODES[lang], cause.errorCode);
  return extra ? `${base}${lang === 'zh' ? '' : ' '}${extra}` : (base as string);
}

/** How long an incident has been open, from `raisedAt` to `now`. */
export function ageText(raisedAt: string, now: Date, lang: Lang): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(raisedAt)) / 60_000));
  if (minutes < 60) return lang === 'zh' ? `${Math.max(1, minutes)} 分钟` : `${Math.max(1, minutes)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return lang === 'zh' ? `${hours} 小时` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return lang === 'zh' ? `${days} 天` : `${days} days`;
}

/** Refusals of retry, modification and cancel, by the API's code. */
export const REFUSALS = defineMessages({
  zh: {
    NO_INCIDENT: '该异常已处理或不存在，请刷新页面。',
    CASE_NOT_ACTIVE: '案件已结束，不能再修改。',
    MODIFICATION_EMPTY: '请至少选择一个要终止的环节或一个要激活的环节。',
    ELEMENT_NOT_FOUND: '流程中没有所选环节。',
    ELEMENT_NOT_ACTIVATABLE: '所选环节不能直接激活（开始事件、边界事件、汇合网关等）。',
    VARIABLE_SCOPE_INVALID: '数据的作用范围无效。',
    SCOPE_NOT_ACTIVE: '所选环节位于一个当前未进行的子流程中，不能激活。',
    SCOPE_AMBIGUOUS: '所选环节所在的子流程同时有多处在进行，无法确定在哪一处激活。',
    ANCESTOR_INVALID: '指定的上级环节无效。',
    ELEMENT_INSTANCE_NOT_FOUND: '所选环节已不在进行中，请刷新页面。',
    ELEMENT_INSTANCE_NOT_TERMINABLE: '多人并行环节只能整体终止。',
    FORBIDDEN: '您没有权限执行此操作。',
    INVALID: '填写的数据不符合要求（名称、数量或长度超出限制）。',
    UNKNOWN: '操作失败，请刷新后重试。',
  } as Record<string, string>,
  en: {
    NO_INCIDENT: 'This incident is already resolved or does not exist; refresh the page.',
    CASE_NOT_ACTIVE: 'The case has ended and can no longer be changed.',
    MODIFICATION_EMPTY: 'Choose at least one step to end or one step to activate.',
    ELEMENT_NOT_FOUND: 'The process has no such step.',
    ELEMENT_NOT_ACTIVATABLE:
      'This step cannot be activated directly (start or boundary event, joining gateway …).',
    VARIABLE_SCOPE_INVALID: 'The scope of the data is invalid.',
    SCOPE_NOT_ACTIVE: 'The step lies inside a subprocess that is not running, so it cannot be activated.',
    SCOPE_AMBIGUOUS: 'The subprocess of this step runs more than once; it is unclear where to activate it.',
    ANCESTOR_INVALID: 'The given parent step is invalid.',
    ELEMENT_INSTANCE_NOT_FOUND: 'The chosen step is no longer running; refresh the page.',
    ELEMENT_INSTANCE_NOT_TERMINABLE: 'A step run by several people in parallel can only be ended as a whole.',
    FORBIDDEN: 'You are not allowed to do this.',
    INVALID: 'Some data is not valid (name, count or size beyond the limits).',
    UNKNOWN: 'The action failed; refresh and try again.',
  } as Record<string, string>,
});
