// Steps of the case waiting for an external system (GET /cases/:id/jobs): 等待外部系统处理, the step's name (else the
// job type) and the retries left; an execution listener's job says so (before / after the step, without its type). Nothing when no job
// waits; never an id.
import type { BpmnModel } from '../../api/bpmn-model';
import { api } from '../../api/client';
import type { CaseJob } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Card } from '../../components/page';
import { defineMessages, useMessages } from '../../i18n/i18n';

const m = defineMessages({
  zh: {
    title: '外部系统',
    waiting: (step: string) => `等待外部系统处理：${step}`,
    taken: (step: string) => `外部系统处理中：${step}`,
    retrying: (step: string) => `外部系统处理失败，稍后重试：${step}`,
    retries: (n: number) => `剩余重试 ${n} 次`,
    // no job type here: it is a technical name, and a Chinese page shows none
    listener: (event: 'START' | 'END'): string =>
      event === 'START' ? '本环节开始前的外部处理' : '本环节结束后的外部处理',
  },
  en: {
    title: 'External systems',
    waiting: (step: string) => `Waiting for an external system: ${step}`,
    taken: (step: string) => `An external system is working on: ${step}`,
    retrying: (step: string) => `The external system failed and will retry: ${step}`,
    retries: (n: number) => `${n} ${n === 1 ? 'retry' : 'retries'} left`,
    listener: (event: 'START' | 'END'): string =>
      event === 'START'
        ? 'external processing before this step starts'
        : 'external processing after this step ends',
  },
});

export function CaseJobsCard({ caseId, model }: { caseId: string; model: BpmnModel | undefined }) {
  const t = useMessages(m);
  const jobs = useApi((signal) => api.get<CaseJob[]>(`/cases/${caseId}/jobs`, undefined, signal), [caseId]);
  const list = jobs.data ?? [];
  if (list.length === 0) return null;
  return (
    <Card title={t.title} id="jobs">
      <ul className="plain-list">
        {list.map((j) => (
          <li key={j.jobKey} data-testid="case-job">
            <span>
              {(j.state === 'activated' ? t.taken : j.state === 'retrying' ? t.retrying : t.waiting)(
                model?.elements.get(j.elementId)?.name || j.type,
              )}
            </span>
            {j.listenerEventType ? (
              <span className="cell-sub" data-testid="case-job-listener">
                {t.listener(j.listenerEventType)}
              </span>
            ) : null}
            <span className="cell-sub">{t.retries(j.retries)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
