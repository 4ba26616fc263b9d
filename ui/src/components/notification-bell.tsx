// The bell in the top bar: the user's notifications (GET /notifications), unread first in weight, read on click.
// Test hooks: data-testid="bell" (button), "bell-count", "bell-panel", items li[data-notification-id][data-read].
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { AppNotification, NotificationPage } from '../api/types';
import { navigate } from '../app/router';
import { useDecisionLabel, useTrancheLabel } from '../i18n/domain';
import { formatDateTime, formatMoney } from '../i18n/format';
import { defineMessages, useLang, useMessages } from '../i18n/i18n';

const m = defineMessages({
  zh: {
    title: '通知',
    open: (n: number) => (n > 0 ? `通知（${n} 条未读）` : '通知'),
    readAll: '全部标为已读',
    empty: '暂无通知。',
    task: '待办任务',
    'task-assigned': (task: string) => `新的待办：${task}`,
    'task-overdue': (task: string) => `待办已逾期：${task}`,
    'publicity-started': (p: string) => `${p}：公示开始`,
    'publicity-ended': (p: string) => `${p}：公示结束`,
    'decision-made': (task: string, d: string) => `${task}已办理，结论：${d}`,
    'payment-made': (what: string) => `资金已拨付：${what}`,
    'payment-stopped': (what: string) => `资金停止拨付：${what}`,
    other: '新通知',
    caseWord: '案件',
    failed: '通知暂时无法加载。',
  },
  en: {
    title: 'Notifications',
    open: (n: number) => (n > 0 ? `Notifications (${n} unread)` : 'Notifications'),
    readAll: 'Mark all read',
    empty: 'No notifications.',
    task: 'a task',
    'task-assigned': (task: string) => `New task: ${task}`,
    'task-overdue': (task: string) => `Task overdue: ${task}`,
    'publicity-started': (p: string) => `${p}: publicity started`,
    'publicity-ended': (p: string) => `${p}: publicity ended`,
    'decision-made': (task: string, d: string) => `${task} decided: ${d}`,
    'payment-made': (what: string) => `Payment made: ${what}`,
    'payment-stopped': (what: string) => `Payment stopped: ${what}`,
    other: 'New notification',
    caseWord: 'Case',
    failed: 'Notifications could not be loaded.',
  },
});

const POLL_MS = 60_000;

export function NotificationBell() {
  const t = useMessages(m);
  const { lang } = useLang();
  const decision = useDecisionLabel();
  const tranche = useTrancheLabel();
  const [page, setPage] = useState<NotificationPage | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    api
      .get<NotificationPage>('/notifications', { pageSize: 20 })
      .then((p) => {
        setPage(p);
        setFailed(false);
      })
      .catch(() => setFailed(true));
  }, []);

  useEffect(() => {
    load();
    const timer = window.setInterval(load, POLL_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const text = (n: AppNotification): string => {
    const task = n.taskName || t.task;
    const money = (x: AppNotification) =>
      [
        x.data.tranche ? tranche(x.data.tranche) : '',
        x.data.amountFen !== undefined ? formatMoney(x.data.amountFen, lang) : '',
      ]
        .filter(Boolean)
        .join(' ');
    switch (n.event) {
      case 'task-assigned':
      case 'task-overdue':
        return t[n.event](task);
      case 'publicity-started':
      case 'publicity-ended':
        return t[n.event](n.processName || t.caseWord);
      case 'decision-made':
        return t['decision-made'](task, n.data.decision ? decision(n.data.decision) : '—');
      case 'payment-made':
      case 'payment-stopped':
        return t[n.event](money(n));
      default:
        return t.other;
    }
  };

  const openOne = async (n: AppNotification) => {
    setOpen(false);
    if (!n.read) {
      await api.post(`/notifications/${n.id}/read`).catch(() => undefined);
      load();
    }
    if (n.caseId) navigate(`/cases/${n.caseId}`);
  };

  const readAll = async () => {
    await api.post('/notifications/read-all').catch(() => undefined);
    load();
  };

  const unread = page?.unread ?? 0;
  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="bell-btn"
        data-testid="bell"
        aria-label={t.open(unread)}
        aria-expanded={open}
        onClick={() => {
          setOpen((o) => !o);
          if (!open) load();
        }}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="bell-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-panel" data-testid="bell-panel" role="region" aria-label={t.title}>
          <div className="bell-head">
            <span>{t.title}</span>
            {unread > 0 && (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => void readAll()}>
                {t.readAll}
              </button>
            )}
          </div>
          {failed && !page ? (
            <p className="bell-empty">{t.failed}</p>
          ) : !page || page.items.length === 0 ? (
            <p className="bell-empty">{t.empty}</p>
          ) : (
            <ul className="bell-list">
              {page.items.map((n) => (
                <li key={n.id} data-notification-id={n.id} data-read={String(n.read)} data-event={n.event}>
                  <button
                    type="button"
                    className="bell-item"
                    data-read={String(n.read)}
                    onClick={() => void openOne(n)}
                  >
                    <span className="bell-text">{text(n)}</span>
                    <span className="bell-meta">
                      {n.businessKey ? `${n.businessKey} · ` : ''}
                      {formatDateTime(n.at, lang)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
