// Built-in service task types of contract §1 (pay, notify, issue-certificate, record) and `quota` (an extension
// of that table). Each write is keyed by workflow id + element-instance key, so a retried or replayed activity
// writes nothing twice.
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { HistoryEventEntity } from '../../db/entities/history-event.entity';
import { appendHistory } from '../../db/history.repository';
import { enqueueNotification } from '../../notifications/enqueue-notification';
import type { ServiceTaskInput } from './case-activity.types';
import { advisoryXactLock } from '../../db/advisory-locks.repository';
import { insertNotification } from '../../db/notifications.repository';
import {
  countQuotaPlaces,
  heldQuotaPlace,
  insertPayment,
  insertQuotaPlace,
} from '../../db/payments-quotas.repository';

export type ServiceTaskHandler = (
  input: ServiceTaskInput & { dataSource: DataSource; idempotencyKey: string },
) => Promise<Record<string, unknown> | void>;

/** The workflow's time of the task as a Date (older histories sent none: the database's clock then). */
function instant(at: string | undefined): Date | undefined {
  const d = at ? new Date(at) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

function invalid(elementId: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'INVALID_PARAMETER',
    message: `${elementId}: ${message}`,
    nonRetryable: true,
  });
}

const pay: ServiceTaskHandler = async ({
  dataSource,
  caseId,
  workflowId,
  key,
  elementId,
  inputs,
  headers,
  idempotencyKey,
  at,
}) => {
  const tranche = inputs.tranche;
  const amount = inputs.amount;
  const status = inputs.status ?? headers.status ?? 'paid';
  const reason = inputs.reason ?? headers.reason ?? null;
  if (typeof tranche !== 'string' || tranche === '')
    throw invalid(elementId, 'input tranche must be a non-empty string');
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0)
    throw invalid(elementId, 'input amount must be a non-negative integer (fen)');
  if (status !== 'paid' && status !== 'stopped' && status !== 'clawback')
    throw invalid(elementId, `input status must be paid, stopped or clawback, got ${JSON.stringify(status)}`);
  const amountFen = status === 'clawback' ? -amount : amount;
  await dataSource.transaction('READ COMMITTED', async (tx) => {
    const inserted = await insertPayment(tx, {
      caseId,
      tranche,
      amountFen,
      status,
      reason: reason === null ? null : String(reason),
      idempotencyKey,
      at: at ?? null,
    });
    if (!inserted) return;
    await appendHistory(tx, {
      caseId,
      type: 'payment',
      elementId,
      data: { tranche, amountFen, status, ...(reason !== null ? { reason } : {}) },
      at: instant(at),
      idempotencyKey: `${idempotencyKey}:payment`,
    });
    if (status === 'clawback') return;
    await enqueueNotification(tx, {
      caseId,
      workflowId,
      key,
      event: status === 'paid' ? 'payment-made' : 'payment-stopped',
      recipient: 'applicant',
      payload: { tranche, amountFen, status, ...(reason !== null ? { reason } : {}), ...(at ? { at } : {}) },
    });
  });
  return {};
};

const notify: ServiceTaskHandler = async ({
  dataSource,
  caseId,
  elementId,
  headers,
  inputs,
  idempotencyKey,
}) => {
  const template = headers.template;
  const to = headers.to;
  if (!template) throw invalid(elementId, 'header template is required');
  if (!to) throw invalid(elementId, 'header to is required');
  const recipient = to === 'applicant' && typeof inputs.applicantId === 'string' ? inputs.applicantId : to;
  await insertNotification(dataSource, {
    caseId,
    recipient,
    channel: 'inbox',
    template,
    payload: { to, ...inputs },
    idempotencyKey,
  });
  return {};
};

const issueCertificate: ServiceTaskHandler = async ({
  dataSource,
  caseId,
  elementId,
  headers,
  idempotencyKey,
  at,
}) => {
  const title = headers.title;
  if (!title) throw invalid(elementId, 'header title is required');
  const key = `${idempotencyKey}:certificate`;
  const existing = await dataSource.getRepository(HistoryEventEntity).findOneBy({ idempotencyKey: key });
  if (existing) return { certificateNo: existing.data.certificateNo };
  // Derived from the idempotency key: the same task always gets the same number, different tasks differ.
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 12).toUpperCase();
  const certificateNo = `RF-${(instant(at) ?? new Date()).getUTCFullYear()}-${digest}`;
  const { event } = await appendHistory(dataSource.manager, {
    caseId,
    type: 'certificate-issued',
    elementId,
    data: { certificateNo, title },
    at: instant(at),
    idempotencyKey: key,
  });
  return { certificateNo: event.data.certificateNo };
};

const record: ServiceTaskHandler = async ({
  dataSource,
  caseId,
  elementId,
  headers,
  inputs,
  idempotencyKey,
  at,
}) => {
  const type = headers.type;
  if (!type) throw invalid(elementId, 'header type is required');
  const data = inputs.data;
  await appendHistory(dataSource.manager, {
    caseId,
    type,
    elementId,
    data:
      data && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : data === undefined
          ? {}
          : { value: data },
    at: instant(at),
    idempotencyKey: `${idempotencyKey}:record`,
  });
  return {};
};

// Serialises reservations of one (quota, period, grade) so counting and inserting cannot interleave.
const QUOTA_LOCK_CLASS = 0x52465154; // 'RFQT'

/**
 * Takes one place of a quota shared by every case (inputs quota, period, grade, limit). A case holds at most one
 * place per (quota, period): a retry, a replay or a second visit returns the place already held. A full grade
 * throws the BPMN error QUOTA_EXHAUSTED for an error boundary to catch.
 */
const quota: ServiceTaskHandler = async ({
  dataSource,
  caseId,
  elementId,
  inputs,
  headers,
  idempotencyKey,
  at,
}) => {
  const name = inputs.quota ?? headers.quota;
  const period = inputs.period;
  const grade = inputs.grade;
  const limit = inputs.limit;
  if (typeof name !== 'string' || name === '')
    throw invalid(elementId, 'input or header quota must be a non-empty string');
  if ((typeof period !== 'string' || period === '') && typeof period !== 'number')
    throw invalid(elementId, 'input period must be a non-empty string or a number (e.g. the year)');
  if (typeof grade !== 'string' || grade === '')
    throw invalid(elementId, 'input grade must be a non-empty string');
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)
    throw invalid(elementId, 'input limit must be a non-negative integer');
  const periodKey = String(period);
  return dataSource.transaction('READ COMMITTED', async (tx) => {
    await advisoryXactLock(tx, QUOTA_LOCK_CLASS, `${name}|${periodKey}|${grade}`);
    const mine = await heldQuotaPlace(tx, name, periodKey, caseId);
    if (mine) {
      if (mine.grade !== grade)
        throw invalid(
          elementId,
          `case already holds place ${mine.slot} of ${name} ${periodKey} grade ${mine.grade}`,
        );
      return { quotaSlot: mine.slot };
    }
    const used = await countQuotaPlaces(tx, { quota: name, period: periodKey, grade });
    if (used >= limit)
      throw ApplicationFailure.create({
        type: 'QUOTA_EXHAUSTED',
        message: `${elementId}: all ${limit} places of ${name} ${periodKey} grade ${grade} are taken`,
        nonRetryable: true,
      });
    const slot = used + 1;
    await insertQuotaPlace(tx, { quota: name, period: periodKey, grade, slot, caseId, idempotencyKey });
    await appendHistory(tx, {
      caseId,
      type: 'quota-reserved',
      elementId,
      data: { quota: name, period: periodKey, grade, slot, limit },
      at: instant(at),
      idempotencyKey: `${idempotencyKey}:quota`,
    });
    return { quotaSlot: slot };
  });
};

export const builtinServiceTasks: Record<string, ServiceTaskHandler> = {
  pay,
  notify,
  'issue-certificate': issueCertificate,
  record,
  quota,
};
