// Page scaffolding shared by every page: header, cards, loading, empty and error states.
import { type ReactNode, useEffect } from 'react';
import { explainError } from '../api/explain-error';
import { defineMessages, useLang, useMessages } from '../i18n/i18n';

const m = defineMessages({
  zh: { loading: '加载中…', retry: '重试', details: '技术细节', appName: '人才项目评审平台' },
  en: {
    loading: 'Loading…',
    retry: 'Retry',
    details: 'Technical details',
    appName: 'Talent Programme Review',
  },
});

/** Sets the document title to "<page> · <app>". */
export function useDocumentTitle(title: string): void {
  const t = useMessages(m);
  useEffect(() => {
    document.title = title ? `${title} · ${t.appName}` : t.appName;
  }, [title, t.appName]);
}

export function PageHeader({
  title,
  subtitle,
  actions,
  back,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  back?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div className="page-header-text">
        {back && <div className="page-back">{back}</div>}
        <h1>{title}</h1>
        {subtitle && <div className="page-subtitle">{subtitle}</div>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

export function Card({
  title,
  actions,
  children,
  className,
  id,
  flush,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
  /** No padding around the body (tables that run edge to edge). */
  flush?: boolean;
}) {
  return (
    <section
      id={id}
      className={`card${className ? ` ${className}` : ''}`}
      aria-labelledby={title && id ? `${id}-title` : undefined}
    >
      {(title || actions) && (
        <header className="card-header">
          {title && <h2 id={id ? `${id}-title` : undefined}>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      <div className={flush ? 'card-body card-body-flush' : 'card-body'}>{children}</div>
    </section>
  );
}

export function Loading({ label }: { label?: string }) {
  const t = useMessages(m);
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t.loading}</span>
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { lang } = useLang();
  const t = useMessages(m);
  const e = explainError(error, lang);
  return (
    <div className="alert alert-danger" role="alert">
      <div className="alert-text">
        <strong>{e.text}</strong>
        {e.detail && (
          <details className="alert-detail">
            <summary>{t.details}</summary>
            <code>{e.detail}</code>
          </details>
        )}
      </div>
      {onRetry && (
        <button type="button" className="btn btn-secondary btn-sm" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

export function Alert({
  tone,
  children,
}: {
  tone: 'info' | 'warning' | 'danger' | 'success';
  children: ReactNode;
}) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'danger' ? 'alert' : 'note'}>
      <div className="alert-text">{children}</div>
    </div>
  );
}
