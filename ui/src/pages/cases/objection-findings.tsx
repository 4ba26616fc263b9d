// Objections and their findings, read from the case history: each objection is answered by the next verification
// completed with upheld / unfounded after it (a case's verifications run in the order the objections arrived).
// Used by the case page's objection card and by the verification task's completion dialog.
import { api } from '../../api/client';
import type { HistoryEvent } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { ROLE_LABELS } from '../../i18n/domain';
import { formatDateTime } from '../../i18n/format';
import { defineMessages, useLang, useMessages } from '../../i18n/i18n';

export const FINDINGS = ['upheld', 'unfounded'] as const;

export interface ObjectionWithFinding extends HistoryEvent {
  finding?: {
    decision: string;
    actor: string | null;
    actorRoles: string[];
    at: string;
    comment: string | null;
  };
}

const isFinding = (e: HistoryEvent) =>
  e.type === 'task-completed' &&
  FINDINGS.includes(String(e.data?.decision ?? '') as (typeof FINDINGS)[number]);

/** The case's objections, oldest first, each with the finding that answered it (if any yet). */
export function objectionsWithFindings(history: HistoryEvent[]): ObjectionWithFinding[] {
  const findings = history.filter(isFinding);
  let next = 0;
  return history
    .filter((e) => e.type === 'objection')
    .map((o) => {
      while (next < findings.length && findings[next]!.seq < o.seq) next += 1;
      const f = findings[next];
      if (!f) return o;
      next += 1;
      return {
        ...o,
        finding: {
          decision: String(f.data?.decision),
          actor: f.actor ?? null,
          actorRoles: f.actorRoles ?? [],
          at: f.at,
          comment: typeof f.data?.comment === 'string' ? f.data.comment : null,
        },
      };
    });
}

const m = defineMessages({
  zh: {
    upheld: '异议成立',
    unfounded: '异议不成立',
    pending: '核查中',
    by: (u: string) => `核查人 ${u}`,
    heading: '待核查的异议',
    filedBy: (u: string) => `提出人 ${u}`,
    none: '本案件暂无异议记录。',
  },
  en: {
    upheld: 'Upheld',
    unfounded: 'Unfounded',
    pending: 'Being verified',
    by: (u: string) => `verified by ${u}`,
    heading: 'Objections to verify',
    filedBy: (u: string) => `filed by ${u}`,
    none: 'This case has no objection on record.',
  },
});

/** Who acted, by office (市级审核员); the account name stays in the tooltip, as on the rest of the case page. */
function useOffice() {
  const labels: Record<string, string> = useMessages(ROLE_LABELS);
  return (roles: string[] | undefined, actor: string | null | undefined) =>
    (roles ?? [])
      .map((r) => labels[r])
      .filter(Boolean)
      .join('、') ||
    (actor ?? '');
}

/** One objection's finding line: 异议成立 / 异议不成立, who found it and when; 核查中 before that. */
export function ObjectionFinding({ objection }: { objection: HistoryEvent }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const office = useOffice();
  const f = (objection as ObjectionWithFinding).finding;
  if (!f)
    return (
      <div className="tl-meta" data-testid="objection-finding" data-finding="pending">
        {t.pending}
      </div>
    );
  return (
    <div className="tl-data" data-testid="objection-finding" data-finding={f.decision}>
      <Badge tone={f.decision === 'upheld' ? 'danger' : 'success'}>
        {f.decision === 'upheld' ? t.upheld : t.unfounded}
      </Badge>
      {f.actor ? <span title={f.actor}>{` · ${t.by(office(f.actorRoles, f.actor))}`}</span> : ''} ·{' '}
      {formatDateTime(f.at, lang)}
      {f.comment ? ` · ${f.comment}` : ''}
    </div>
  );
}

/**
 * The objections a verification task answers, in its completion dialog: text, author (the API names the objector to
 * reviewers only) and date. The ones without a finding yet come first.
 */
export function TaskObjections({ history }: { history: HistoryEvent[] }) {
  const t = useMessages(m);
  const { lang } = useLang();
  const office = useOffice();
  const all = objectionsWithFindings(history);
  const open = all.filter((o) => !o.finding);
  const shown = open.length > 0 ? open : all;
  return (
    <section className="task-objections" data-testid="task-objections">
      <h3 className="section-title">{t.heading}</h3>
      {shown.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <ul className="objection-list">
          {shown.map((o) => (
            <li key={o.seq}>
              <div>{String(o.data?.reason ?? '')}</div>
              <div className="tl-meta">
                {o.actor ? (
                  <span title={o.actor}>{`${t.filedBy(office(o.actorRoles, o.actor))} · `}</span>
                ) : (
                  ''
                )}
                {formatDateTime(o.at, lang)}
              </div>
              {o.finding && <ObjectionFinding objection={o} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The objections beside a verification task (a task deciding upheld / unfounded), loaded from the case history. */
export function VerificationObjections({ caseId }: { caseId: string }) {
  const history = useApi(
    (signal) => api.get<HistoryEvent[]>(`/cases/${caseId}/history`, undefined, signal),
    [caseId],
  );
  if (!history.data) return null;
  return <TaskObjections history={history.data} />;
}

/** Whether a task with these decisions verifies an objection. */
export const verifiesObjection = (decisions: string[] | undefined) =>
  (decisions ?? []).some((d) => (FINDINGS as readonly string[]).includes(d));
