// Built-in service task types of contract §1 (pay, notify, issue-certificate, record). Each write is keyed by
// workflow id + element-instance key, so a retried or replayed activity writes nothing twice.
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { HistoryEventEntity } from '../../db/entities/history-event.entity';
import { appendHistory } from '../../db/history.repository';
import { enqueueNotification } from '../../notifications/enqueue-notification';
import type { ServiceTaskInput } from './case-activity.types';

export type ServiceTaskHandler = (
  input: ServiceTaskInput & { dataSource: DataSource; idempotencyKey: string },
) => Promise<Record<string, unknown> | void>;

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
    const inserted: unknown[] = await tx.query(
      `INSERT INTO payments (case_id, tranche, amount_fen, status, reason, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [caseId, tranche, amountFen, status, reason === null ? null : String(reason), idempotencyKey],
    );
    if (inserted.length === 0) return;
    await appendHistory(tx, {
      caseId,
      type: 'payment',
      elementId,
      data: { tranche, amountFen, status, ...(reason !== null ? { reason } : {}) },
      idempotencyKey: `${idempotencyKey}:payment`,
    });
    if (status === 'clawback') return;
    await enqueueNotification(tx, {
      caseId,
      workflowId,
      key,
      event: status === 'paid' ? 'payment-made' : 'payment-stopped',
      recipient: 'applicant',
      payload: { tranche, amountFen, status, ...(reason !== null ? { reason } : {}) },
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
  await dataSource.query(
    `INSERT INTO notifications (case_id, recipient, channel, template, payload, idempotency_key)
     VALUES ($1, $2, 'inbox', $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING`,
    [caseId, recipient, template, JSON.stringify({ to, ...inputs }), idempotencyKey],
  );
  return {};
};

const issueCertificate: ServiceTaskHandler = async ({
  dataSource,
  caseId,
  elementId,
  headers,
  idempotencyKey,
}) => {
  const title = headers.title;
  if (!title) throw invalid(elementId, 'header title is required');
  const key = `${idempotencyKey}:certificate`;
  const existing = await dataSource.getRepository(HistoryEventEntity).findOneBy({ idempotencyKey: key });
  if (existing) return { certificateNo: existing.data.certificateNo };
  // Derived from the idempotency key: the same task always gets the same number, different tasks differ.
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 12).toUpperCase();
  const certificateNo = `RF-${new Date().getUTCFullYear()}-${digest}`;
  const { event } = await appendHistory(dataSource.manager, {
    caseId,
    type: 'certificate-issued',
    elementId,
    data: { certificateNo, title },
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
    idempotencyKey: `${idempotencyKey}:record`,
  });
  return {};
};

export const builtinServiceTasks: Record<string, ServiceTaskHandler> = {
  pay,
  notify,
  'issue-certificate': issueCertificate,
  record,
};
