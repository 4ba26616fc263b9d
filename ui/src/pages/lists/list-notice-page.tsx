// One list record as its notice (公示名单 / 审批名单): a sheet styled for printing (window.print) and the same record as
// an Excel file (GET /lists/:id/export). Only the cases that went through are on the notice.
// Test hooks: data-testid="list-notice", "notice-print", "notice-export"; rows carry data-business-key.
import { useState } from 'react';
import { api } from '../../api/client';
import { explainError } from '../../api/explain-error';
import { type ListRecord, chineseDate } from '../../api/lists';
import { useApi } from '../../api/use-api';
import { Link, type Params } from '../../app/router';
import { Button } from '../../components/button';
import { ErrorBanner, Loading, PageHeader, useDocumentTitle } from '../../components/page';
import { useToast } from '../../components/toast';
import { useDecisionLabel, useDistrictLabel } from '../../i18n/domain';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';
import './list-notice.css';

const m = defineMessages({
  zh: {
    title: '名单公告',
    back: '返回名单记录',
    print: '打印',
    export: '导出 Excel',
    publishIntro: '根据有关规定，现将以下人选予以公示。',
    approveIntro: (stage: string) => `现将“${stage}”审核结果公布如下。`,
    period: (start: string, end: string, days: number, working: boolean) =>
      `公示期：${start}至${end}（${days}个${working ? '工作日' : '自然日'}）。公示期间如有异议，请通过系统提出。`,
    comment: (c: string) => `意见：${c}`,
    no: '序号',
    caseNo: '案件编号',
    applicant: '申请人',
    district: '区县',
    decision: '审核结论',
    opinion: '意见',
    complete: '办结',
    date: (d: string) => d,
    issuer: '发布人',
  },
  en: {
    title: 'List notice',
    back: 'Back to list records',
    print: 'Print',
    export: 'Export to Excel',
    publishIntro: 'The following candidates are hereby made public.',
    approveIntro: (stage: string) => `The results of "${stage}" are as follows.`,
    period: (start: string, end: string, days: number, working: boolean) =>
      `Publicity period: ${start} to ${end} (${days} ${working ? 'working' : 'calendar'} days). Objections may be filed in the system meanwhile.`,
    comment: (c: string) => `Comment: ${c}`,
    no: 'No.',
    caseNo: 'Case no.',
    applicant: 'Applicant',
    district: 'District',
    decision: 'Decision',
    opinion: 'Comment',
    complete: 'Complete',
    date: (d: string) => d,
    issuer: 'Issued by',
  },
});

export function ListNoticePage({ params }: { params: Params }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const toast = useToast();
  const decisionLabel = useDecisionLabel();
  const districtLabel = useDistrictLabel();
  const id = params.id ?? '';
  const record = useApi((signal) => api.get<ListRecord>(`/lists/${id}`, undefined, signal), [id]);
  const r = record.data;
  useDocumentTitle(r ? `${r.title} ${r.number}` : t.title);
  const [busy, setBusy] = useState(false);

  const exportXlsx = async () => {
    if (!r) return;
    setBusy(true);
    try {
      const blob = await api.getBlob(`/lists/${r.id}/export`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${r.title}${r.number}.xlsx`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      toast(explainError(err, lang).text, 'error');
    } finally {
      setBusy(false);
    }
  };

  if (!r) {
    if (record.error !== undefined) return <ErrorBanner error={record.error} onRetry={record.reload} />;
    return <Loading />;
  }
  const dateText = lang === 'zh' ? chineseDate(r.createdAt) : r.createdAt.slice(0, 10);
  const items = r.items.filter((i) => i.status === 'done');
  const publish = r.kind === 'publish';
  return (
    <>
      <PageHeader title={t.title} back={<Link to="/lists/records">{t.back}</Link>} />
      <div className="notice-actions">
        <Button onClick={() => window.print()} data-testid="notice-print">
          {t.print}
        </Button>
        <Button variant="primary" busy={busy} onClick={() => void exportXlsx()} data-testid="notice-export">
          {t.export}
        </Button>
      </div>
      <article className="notice-sheet" data-testid="list-notice">
        <h1 className="notice-title">{r.title}</h1>
        <p className="notice-number">{r.number}</p>
        <hr className="notice-rule" />
        <div className="notice-body">
          <p>{publish ? t.publishIntro : t.approveIntro(r.stageName)}</p>
          {r.comment && <p>{t.comment(r.comment)}</p>}
          {r.publicity && (
            <p>
              {t.period(
                lang === 'zh' ? chineseDate(r.publicity.start) : r.publicity.start,
                lang === 'zh' ? chineseDate(r.publicity.end) : r.publicity.end,
                r.publicity.days,
                r.publicity.calendar === 'cn-workday',
              )}
            </p>
          )}
        </div>
        <table className="notice-table">
          <thead>
            <tr>
              <th>{t.no}</th>
              <th>{t.caseNo}</th>
              <th>{t.applicant}</th>
              <th>{t.district}</th>
              {!publish && <th>{t.decision}</th>}
              <th>{t.opinion}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i, n) => (
              <tr key={i.caseId} data-business-key={i.businessKey}>
                <td>{n + 1}</td>
                <td>{i.businessKey}</td>
                <td>{i.applicantName ?? ''}</td>
                <td>{i.district ? districtLabel(i.district) : ''}</td>
                {!publish && <td>{i.decision ? decisionLabel(i.decision) : t.complete}</td>}
                <td>{i.comment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="notice-sign">
          <div>{dateText}</div>
        </div>
      </article>
    </>
  );
}
