// Revocation (取消资格) from the case page: where the process has an interrupting message start whose message carries
// `revocationReason` (and, for claw-back, `clawback`) — J11b's `j11b-revoke` — the roles named by that message's
// rf:senders may send it to an active case, after a confirm dialog with a required reason.
// Test hooks: data-testid="revoke-open", "revoke-dialog", "revoke-reason", "revoke-clawback", "revoke-confirm".
import { useEffect, useState } from 'react';
import { loadDefinition } from '../../api/bpmn-model';
import { api } from '../../api/client';
import { explainError } from '../../api/explain-error';
import type { CaseDetail, PublishResult, Role } from '../../api/types';
import { hasRole, useSession } from '../../app/session';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { TextArea } from '../../components/field';
import { Card } from '../../components/page';
import { useToast } from '../../components/toast';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import { useSubmit } from '../../api/use-submit';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const RF_NS = 'http://reviewflow.dev/schema/bpmn/1.0';
const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';
export const REASON_MAX = 1000;

export interface Revocation {
  message: string;
  senders: string[];
  clawback: boolean;
}

/** The process's revocation message, if it has one: an event-subprocess message start mapping `revocationReason`. */
export function findRevocation(xml: string): Revocation | undefined {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const messages = new Map(
    Array.from(doc.getElementsByTagNameNS(BPMN_NS, 'message')).map((m) => [m.getAttribute('id') ?? '', m]),
  );
  for (const start of Array.from(doc.getElementsByTagNameNS(BPMN_NS, 'startEvent'))) {
    const sub = start.parentElement;
    if (sub?.localName !== 'subProcess' || sub.getAttribute('triggeredByEvent') !== 'true') continue;
    const def = start.getElementsByTagNameNS(BPMN_NS, 'messageEventDefinition')[0];
    const sources = Array.from(start.getElementsByTagNameNS(ZEEBE_NS, 'output')).map((o) =>
      (o.getAttribute('source') ?? '').trim(),
    );
    if (!def || !sources.includes('=revocationReason')) continue;
    const msg = messages.get(def.getAttribute('messageRef') ?? '');
    if (!msg) continue;
    const senders = (msg.getAttributeNS(RF_NS, 'senders') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return { message: msg.getAttribute('name') ?? '', senders, clawback: sources.includes('=clawback') };
  }
  return undefined;
}

const m = defineMessages({
  zh: {
    card: '取消资格',
    intro: '经研究决定取消该人选资格时使用：案件立即终止，未拨付的资金停止拨付，并通知申请人。',
    open: '取消资格…',
    title: '确认取消资格',
    warning: '取消资格是正式决定，提交后不能撤回。',
    reason: '取消理由',
    reasonHint: '将记入案件办理记录，并通知申请人。',
    reasonRequired: '请填写取消理由。',
    clawback: '情节严重，追回已拨付的资金',
    cancel: '取消',
    confirm: '确认取消资格',
    done: '已取消该人选资格。',
    notWaiting: '该案件当前不能取消资格（可能已办结）。',
  },
  en: {
    card: 'Revocation',
    intro:
      'When the working group decides to revoke the award: the case ends at once, unpaid tranches are stopped and the applicant is notified.',
    open: 'Revoke…',
    title: 'Confirm revocation',
    warning: 'Revocation is an official decision and cannot be undone.',
    reason: 'Reason',
    reasonHint: 'Recorded in the case history and sent to the applicant.',
    reasonRequired: 'Please give the reason.',
    clawback: 'Serious case: recover the tranches already paid',
    cancel: 'Cancel',
    confirm: 'Revoke',
    done: 'The award was revoked.',
    notWaiting: 'This case cannot be revoked now (it may have ended).',
  },
});

export function RevocationCard({ caseData, onDone }: { caseData: CaseDetail; onDone: () => void }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const session = useSession();
  const toast = useToast();
  const [revocation, setRevocation] = useState<Revocation | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [clawback, setClawback] = useState(false);
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const { busy, error, setError, run } = useSubmit((err) => explainError(err, lang).text);

  useEffect(() => {
    let live = true;
    loadDefinition(caseData.processKey, caseData.version)
      .then(({ xml }) => live && setRevocation(findRevocation(xml)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [caseData.processKey, caseData.version]);

  const senders = (revocation?.senders.length ? revocation.senders : ['admin']) as Role[];
  if (!revocation || caseData.status !== 'active' || !hasRole(session, ...senders)) return null;

  const submit = async () => {
    if (!reason.trim()) {
      setReasonError(t.reasonRequired);
      return;
    }
    setReasonError(undefined);
    await run(async () => {
      const res = await api.post<PublishResult>('/messages', {
        name: revocation.message,
        correlationKey: caseData.businessKey,
        variables: { revocationReason: reason.trim(), ...(revocation.clawback ? { clawback } : {}) },
      });
      if (res.correlated === 0) {
        setError(t.notWaiting);
        return;
      }
      setOpen(false);
      toast(t.done);
      window.setTimeout(onDone, 300);
    });
  };

  return (
    <Card title={t.card} id="revocation">
      <p className="muted">{t.intro}</p>
      <Button variant="danger" onClick={() => setOpen(true)} data-testid="revoke-open">
        {t.open}
      </Button>
      <Dialog
        open={open}
        title={t.title}
        onClose={() => setOpen(false)}
        closeLabel={t.cancel}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>{t.cancel}</Button>
            <Button variant="danger" busy={busy} onClick={() => void submit()} data-testid="revoke-confirm">
              {t.confirm}
            </Button>
          </>
        }
      >
        <div data-testid="revoke-dialog">
          <div className="alert alert-warning" role="note">
            <div className="alert-text">{t.warning}</div>
          </div>
          {error && (
            <div className="alert alert-danger" role="alert">
              <div className="alert-text">{error}</div>
            </div>
          )}
          <TextArea
            label={t.reason}
            hint={t.reasonHint}
            required
            maxLength={REASON_MAX}
            value={reason}
            error={reasonError}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(undefined);
            }}
            data-testid="revoke-reason"
          />
          {revocation.clawback && (
            <label className="check">
              <input
                type="checkbox"
                checked={clawback}
                onChange={(e) => setClawback(e.target.checked)}
                data-testid="revoke-clawback"
              />{' '}
              {t.clawback}
            </label>
          )}
        </div>
      </Dialog>
    </Card>
  );
}
