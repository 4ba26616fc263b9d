// Turns an API error into plain words for civil servants; the server's message stays available as detail.
import { defineMessages, type Lang } from '../i18n/i18n';
import { ApiError } from './client';

const m = defineMessages({
  zh: {
    network: '无法连接服务器，请检查网络后重试。',
    badRequest: '提交的内容不符合要求，请检查后重试。',
    decisionRequired: '请选择一个审核结论后再提交。',
    decisionNotAllowed: '所选审核结论不在本环节允许的范围内。',
    unauthenticated: '登录已过期，请重新登录。',
    fourEyes: '“四眼原则”：您已处理过本案件的前一审核环节，本环节须由另一位工作人员办理。',
    conflict: '利益冲突回避：您与申请单位存在关联关系，不能办理此任务。',
    forbidden: '您没有权限执行此操作（角色或所属区县不符）。',
    notFound: '未找到该记录，可能已被删除或不在您的辖区内。',
    alreadyDone: '该任务已由他人办理完毕或已不再处于待办状态，请刷新列表。',
    notWaiting: '案件当前不处于可执行此操作的阶段（例如不在公示期内）。',
    duplicate: '该业务编号已存在，请勿重复申报。',
    conflictGeneric: '案件状态已变化，无法执行此操作，请刷新后重试。',
    server: '服务器内部错误，请稍后重试或联系管理员。',
    unknown: '操作失败。',
  },
  en: {
    network: 'Cannot reach the server. Check the network and try again.',
    badRequest: 'Some of the input is not valid. Please check it and try again.',
    decisionRequired: 'Please choose a decision before submitting.',
    decisionNotAllowed: 'The chosen decision is not allowed at this step.',
    unauthenticated: 'Your session has expired. Please sign in again.',
    fourEyes:
      'Four-eyes rule: you handled an earlier review step of this case, so another officer must handle this one.',
    conflict:
      'Conflict of interest: you are affiliated with the applicant’s organisation and may not handle this task.',
    forbidden: 'You are not allowed to do this (role or district does not match).',
    notFound: 'Not found. It may have been removed or lie outside your district.',
    alreadyDone:
      'This task has already been completed by someone else or is no longer open. Please refresh the list.',
    notWaiting:
      'The case is not at a stage that allows this (for example, it is not in its publicity period).',
    duplicate: 'A case with this business key already exists.',
    conflictGeneric:
      'The case has changed and this action is no longer possible. Please refresh and try again.',
    server: 'Internal server error. Please try again later or contact the administrator.',
    unknown: 'The action failed.',
  },
});

export interface Explained {
  /** Plain words for the user. */
  text: string;
  /** The server's own message, for the curious and for support. */
  detail?: string;
}

export function explainMessage(status: number, message: string, lang: Lang): Explained {
  const t = m[lang];
  const msg = message.toLowerCase();
  const detail = message || undefined;
  if (status === 0) return { text: t.network, detail };
  if (status === 400) {
    if (msg.includes('needs a decision')) return { text: t.decisionRequired, detail };
    if (msg.includes('is not one of')) return { text: t.decisionNotAllowed, detail };
    return { text: t.badRequest, detail };
  }
  if (status === 401) return { text: t.unauthenticated, detail };
  if (status === 403) {
    if (msg.includes('may not also complete') || msg.includes('four-eyes') || msg.includes('four eyes'))
      return { text: t.fourEyes, detail };
    if (msg.includes('affiliation') || msg.includes('conflict')) return { text: t.conflict, detail };
    return { text: t.forbidden, detail };
  }
  if (status === 404) return { text: t.notFound, detail };
  if (status === 409) {
    if (
      msg.includes('task') &&
      (msg.includes('not open') || msg.includes('already') || msg.includes('completed'))
    )
      return { text: t.alreadyDone, detail };
    if (msg.includes('business key') || msg.includes('exists')) return { text: t.duplicate, detail };
    if (msg.includes('not waiting') || msg.includes('objection') || msg.includes('subscription'))
      return { text: t.notWaiting, detail };
    return { text: t.conflictGeneric, detail };
  }
  if (status >= 500) return { text: t.server, detail };
  return { text: t.unknown, detail };
}

// Refusals by their stable `code` (contract §2), never by the English message.
const CODES = defineMessages({
  zh: {
    FOUR_EYES: '“四眼原则”：您已处理过本案件的前一审核环节，本环节须由另一位工作人员办理。',
    CONFLICT_OF_INTEREST: '利益冲突回避：您与申请单位存在关联关系，不能办理此任务。',
    TASK_NOT_OPEN: '该任务已由他人办理完毕或已不再处于待办状态，请刷新列表。',
    FIELD_NOT_WRITABLE: '本环节的表单不允许填写该字段。',
    FIELD_REQUIRED: '请填写所有必填项。',
    FIELD_TYPE: '填写的内容格式不正确。',
    FIELD_NOT_AN_OPTION: '所填的值不在可选范围内。',
    FIELD_RANGE: '数值超出允许的范围。',
    FIELD_LENGTH: '填写的内容长度不符合要求。',
    FIELD_PATTERN: '填写的内容格式不符合要求。',
    FIELD_FORMAT: '填写的内容格式不符合要求。',
    FIELD_INVALID: '填写的内容不符合要求，请检查后重试。',
    FIELD_DATE: '请填写有效的日期。',
    NOT_CANDIDATE: '该任务不在您的办理范围内（角色或指定办理人不符）。',
    DECISION_REQUIRED: '请选择一个审核结论后再提交。',
    DECISION_NOT_ALLOWED: '所选审核结论不在本环节允许的范围内。',
    FILE_TOO_LARGE: '文件太大，超过了允许的上限。',
    UNSUPPORTED_TYPE: '不支持该文件类型，请上传 PDF、图片（PNG/JPEG）或 Office 文档。',
    FILE_EMPTY: '文件是空的，请重新选择。',
    ATTACHMENT_NOT_USABLE: '所选附件不能用于本案件，请重新上传。',
    NOT_STARTABLE: '您没有申报该项目的资格。',
    NOT_SENDER: '您的角色不能发送该消息。',
    DUPLICATE_BUSINESS_KEY: '该业务编号已存在，请勿重复申报。',
    CASE_NOT_ACTIVE: '案件已结束，无法执行此操作。',
    NOT_WAITING: '该案件当前不在等待此名单的环节（可能已发布或已办结）。',
    CASE_NOT_FOUND: '案件不存在或您无权查看。',
    LIST_NOT_PUBLISHED: '名单中没有案件处理成功，未生成名单记录。',
  },
  en: {
    FOUR_EYES:
      'Four-eyes rule: you handled an earlier review step of this case, so another officer must handle this one.',
    CONFLICT_OF_INTEREST:
      'Conflict of interest: you are affiliated with the applicant’s organisation and may not handle this task.',
    TASK_NOT_OPEN:
      'This task has already been completed by someone else or is no longer open. Please refresh the list.',
    FIELD_NOT_WRITABLE: 'This step’s form does not allow writing that field.',
    FIELD_REQUIRED: 'Please fill in every required field.',
    FIELD_TYPE: 'A value has the wrong format.',
    FIELD_NOT_AN_OPTION: 'A value is not one of the allowed options.',
    FIELD_RANGE: 'A number is outside the allowed range.',
    FIELD_LENGTH: 'A value is too long or too short.',
    FIELD_PATTERN: 'A value does not have the required format.',
    FIELD_FORMAT: 'A value does not have the required format.',
    FIELD_INVALID: 'Some input is not valid. Please check it and try again.',
    FIELD_DATE: 'Please enter a valid date.',
    NOT_CANDIDATE: 'This task is not yours to handle (role or assignee does not match).',
    DECISION_REQUIRED: 'Please choose a decision before submitting.',
    DECISION_NOT_ALLOWED: 'The chosen decision is not allowed at this step.',
    FILE_TOO_LARGE: 'The file is larger than allowed.',
    UNSUPPORTED_TYPE:
      'This file type is not accepted: upload a PDF, an image (PNG/JPEG) or an Office document.',
    FILE_EMPTY: 'The file is empty. Please choose another.',
    ATTACHMENT_NOT_USABLE: 'The chosen attachment cannot be used for this case. Please upload it again.',
    NOT_STARTABLE: 'You may not apply to this programme.',
    NOT_SENDER: 'Your role may not send this message.',
    DUPLICATE_BUSINESS_KEY: 'A case with this business key already exists.',
    CASE_NOT_ACTIVE: 'The case has ended; this is no longer possible.',
    NOT_WAITING: 'The case is not waiting for this list (already published or finished).',
    CASE_NOT_FOUND: 'The case does not exist or you may not see it.',
    LIST_NOT_PUBLISHED: 'No case on the list went through; no list record was made.',
  },
});

/** The plain-words text for a stable error code, if the UI knows it. */
export function explainCode(code: string | undefined, lang: Lang): string | undefined {
  if (!code) return undefined;
  const dict = CODES[lang] as Record<string, string>;
  return Object.prototype.hasOwnProperty.call(dict, code) ? dict[code] : undefined;
}

export function explainError(err: unknown, lang: Lang): Explained {
  if (err instanceof ApiError) {
    const byCode = explainCode(err.body.code, lang);
    if (byCode) return { text: byCode, detail: err.body.message || undefined };
    return explainMessage(err.status, err.body.message, lang);
  }
  return { text: m[lang].unknown, detail: err instanceof Error ? err.message : String(err) };
}

/** Explains an error known only by its message (a failed batch item), guessing the status from its wording. */
export function explainText(message: string, lang: Lang): Explained {
  const msg = message.toLowerCase();
  const status = /needs a decision|is not one of|invalid|required/.test(msg)
    ? 400
    : /not found/.test(msg)
      ? 404
      : /may not|affiliation|candidate|forbidden|not allowed|district/.test(msg)
        ? 403
        : 409;
  return explainMessage(status, message, lang);
}
