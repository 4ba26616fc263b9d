// The case's files (GET /cases/:id/attachments): name, type, size, who uploaded; downloads go through the API with
// the session's token (the content endpoint needs it), saved under the file's own name.
import { useState } from 'react';
import { api } from '../../api/client';
import { explainError } from '../../api/explain-error';
import type { Attachment } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Button } from '../../components/button';
import { Card, ErrorBanner, Loading } from '../../components/page';
import { useToast } from '../../components/toast';
import { formatDateTime } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';

const m = defineMessages({
  zh: {
    title: '附件材料',
    none: '本案件没有附件。',
    download: '下载',
    downloadOf: (n: string) => `下载 ${n}`,
    by: (u: string, at: string) => `${u} 于 ${at} 上传`,
    'application/pdf': 'PDF',
    'image/png': 'PNG 图片',
    'image/jpeg': 'JPEG 图片',
    'image/gif': 'GIF 图片',
    'image/webp': 'WebP 图片',
    office: 'Office 文档',
  },
  en: {
    title: 'Attachments',
    none: 'This case has no attachments.',
    download: 'Download',
    downloadOf: (n: string) => `Download ${n}`,
    by: (u: string, at: string) => `uploaded by ${u} on ${at}`,
    'application/pdf': 'PDF',
    'image/png': 'PNG image',
    'image/jpeg': 'JPEG image',
    'image/gif': 'GIF image',
    'image/webp': 'WebP image',
    office: 'Office document',
  },
});

const size = (n: number) =>
  n >= 1024 * 1024
    ? `${(n / (1024 * 1024)).toFixed(1)} MB`
    : n >= 1024
      ? `${Math.ceil(n / 1024)} KB`
      : `${n} B`;

export function AttachmentsCard({ caseId }: { caseId: string }) {
  const t = useMessages(m);
  const typeName = t as unknown as Record<string, string | undefined>;
  const { lang } = useLang();
  const toast = useToast();
  const list = useApi(
    (signal) => api.get<Attachment[]>(`/cases/${caseId}/attachments`, undefined, signal),
    [caseId],
  );
  const [busy, setBusy] = useState<string | undefined>(undefined);

  const download = async (a: Attachment) => {
    setBusy(a.id);
    try {
      const blob = await api.getBlob(`/attachments/${a.id}/content`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = a.fileName;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      toast(explainError(err, lang).text, 'error');
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card title={t.title} id="attachments">
      {list.error !== undefined && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {!list.data && list.loading && <Loading />}
      {list.data && list.data.length === 0 && <p className="muted">{t.none}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="attachment-list" data-testid="case-attachments">
          {list.data.map((a) => (
            <li key={a.id} data-attachment-id={a.id}>
              <span>{a.fileName}</span>
              <span className="muted">
                {(Object.hasOwn(typeName, a.mediaType) ? typeName[a.mediaType] : undefined) ?? t.office} ·{' '}
                {size(a.size)}
              </span>
              <span className="muted">{t.by(a.uploadedBy, formatDateTime(a.createdAt, lang))}</span>
              <Button
                size="sm"
                busy={busy === a.id}
                onClick={() => void download(a)}
                aria-label={t.downloadOf(a.fileName)}
              >
                {t.download}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
