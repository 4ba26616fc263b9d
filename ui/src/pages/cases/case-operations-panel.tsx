// The administrator's card on a case page: its open incidents in words with 修改变量并重试, then 修改流程 and
// 取消案件 (the organization department may cancel too). Test hook: data-testid="case-operations".
import { useState } from 'react';
import type { BpmnModel } from '../../api/bpmn-model';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useApi } from '../../api/use-api';
import { hasRole, useSession } from '../../app/session';
import { Button } from '../../components/button';
import { Card } from '../../components/page';
import { useToast } from '../../components/toast';
import { formatDateTime, now } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import { type IncidentItem, ageText, causeText } from '../incidents/incident-words';
import { CancelDialog, ModifyDialog, RetryDialog } from './case-operations-dialogs';
import './case-operations.css';

const m = defineMessages({
  zh: {
    title: '案件处置（管理员）',
    incidents: '待处理的异常',
    unnamed: '未命名环节',
    timerStep: '期限计算',
    since: (at: string, age: string) => `发生于 ${at}，已持续 ${age}`,
    retry: '修改变量并重试',
    modify: '修改流程',
    cancel: '取消案件',
    retried: '已重试，案件继续办理。',
    modified: '流程已修改。',
    cancelled: '案件已取消。',
  },
  en: {
    title: 'Case operations (administrator)',
    incidents: 'Open incidents',
    unnamed: 'Unnamed step',
    timerStep: 'Deadline computation',
    since: (at: string, age: string) => `raised ${at}, open for ${age}`,
    retry: 'Edit data and retry',
    modify: 'Modify the process',
    cancel: 'Cancel the case',
    retried: 'Retried; the case continues.',
    modified: 'The process was modified.',
    cancelled: 'The case was cancelled.',
  },
});

export function CaseOperationsPanel({
  caseId,
  status,
  variables,
  model,
  onChanged,
}: {
  caseId: string;
  status: string;
  variables: Record<string, unknown>;
  model: BpmnModel | undefined;
  onChanged: () => void;
}) {
  const t = useMessages(m);
  const { lang } = useLang();
  const toast = useToast();
  const session = useSession();
  const admin = hasRole(session, 'admin');
  const running = status === 'active' || status === 'failed';
  const incidents = useApi(
    (signal) =>
      admin && status === 'failed'
        ? api.get<Page<IncidentItem>>('/incidents', { caseId, pageSize: 50 }, signal)
        : Promise.resolve({ items: [], total: 0 }),
    [caseId, status, admin],
  );
  const [retrying, setRetrying] = useState<IncidentItem | null>(null);
  const [modifying, setModifying] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  if (!running || (!admin && !hasRole(session, 'org-department'))) return null;
  const done = (text: string) => {
    setRetrying(null);
    setModifying(false);
    setCancelling(false);
    toast(text);
    // the read model holds the change once the workflow answered
    onChanged();
    incidents.reload();
  };
  const at = now();
  return (
    <Card title={t.title} id="operations">
      <div className="stack" data-testid="case-operations">
        {(incidents.data?.items.length ?? 0) > 0 && (
          <div>
            <h3 className="section-title">{t.incidents}</h3>
            <ul className="plain-list" data-testid="case-incidents">
              {incidents.data?.items.map((i) => (
                <li key={i.incidentKey}>
                  <div>
                    <strong>{i.elementName || (i.incidentKey === 'shell' ? t.timerStep : t.unnamed)}</strong>
                    <div>{causeText(i.cause, lang)}</div>
                    <div className="tl-meta">
                      {t.since(formatDateTime(i.raisedAt, lang), ageText(i.raisedAt, at, lang))}
                    </div>
                  </div>
                  <Button size="sm" variant="primary" onClick={() => setRetrying(i)}>
                    {t.retry}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="ops-buttons">
          {admin && <Button onClick={() => setModifying(true)}>{t.modify}</Button>}
          <Button variant="danger" onClick={() => setCancelling(true)}>
            {t.cancel}
          </Button>
        </div>
      </div>
      {admin && (
        <>
          <RetryDialog
            caseId={caseId}
            incident={retrying}
            variables={variables}
            model={model}
            onClose={() => setRetrying(null)}
            onDone={() => done(t.retried)}
          />
          <ModifyDialog
            open={modifying}
            caseId={caseId}
            variables={variables}
            model={model}
            onClose={() => setModifying(false)}
            onDone={() => done(t.modified)}
          />
        </>
      )}
      <CancelDialog
        open={cancelling}
        caseId={caseId}
        onClose={() => setCancelling(false)}
        onDone={() => done(t.cancelled)}
      />
    </Card>
  );
}
