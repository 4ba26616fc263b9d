// Working-day countdowns ("公示剩余 3 个工作日") from the official calendar, via GET /calendar/workdays.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Workdays } from '../api/types';
import { daysUntil, now as appNow, shanghaiDate } from './format';
import { defineMessages, useMessages } from './i18n';

const m = defineMessages({
  zh: {
    publicityLeft: (n: number) => (n > 0 ? `公示剩余 ${n} 个工作日` : '公示期今日届满'),
    workdaysLeft: (n: number) => (n > 0 ? `剩余 ${n} 个工作日` : '今日到期'),
    provisional: '（节假日数据未发布，按周末暂算）',
  },
  en: {
    publicityLeft: (n: number) =>
      n > 0 ? `${n} working day${n === 1 ? '' : 's'} of publicity left` : 'Publicity ends today',
    workdaysLeft: (n: number) => (n > 0 ? `${n} working day${n === 1 ? '' : 's'} left` : 'Due today'),
    provisional: ' (holiday data not yet published; weekends only)',
  },
});

export interface WorkdaysLeft {
  days: number;
  provisional: boolean;
}

/**
 * Counts the working days from today (Asia/Shanghai) up to a deadline instant such as a cn-workday timer's
 * closesAt (00:00 after the last day). Today counts when it is a working day.
 */
export async function workdaysLeft(deadline: string, now: Date = appNow()): Promise<WorkdaysLeft> {
  const calendarDays = daysUntil(deadline, now);
  if (calendarDays <= 0) return { days: 0, provisional: false };
  // n working days never span fewer than n calendar days, so this window always covers the deadline.
  const res = await api.get<Workdays>('/calendar/workdays', { from: shanghaiDate(now), days: calendarDays });
  const end = shanghaiDate(deadline);
  return { days: res.days.filter((d) => d < end).length, provisional: res.provisional };
}

/** The countdown for a deadline, or undefined while loading or when the calendar cannot be read. */
export function useWorkdaysLeft(deadline: string | undefined): WorkdaysLeft | undefined {
  const [left, setLeft] = useState<WorkdaysLeft | undefined>(undefined);
  useEffect(() => {
    setLeft(undefined);
    if (!deadline) return;
    let live = true;
    workdaysLeft(deadline)
      .then((l) => {
        if (live) setLeft(l);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [deadline]);
  return left;
}

/** "公示剩余 3 个工作日" (kind publicity) or "剩余 3 个工作日". */
export function WorkdayCountdown({
  deadline,
  kind = 'publicity',
}: {
  deadline: string;
  kind?: 'publicity' | 'due';
}) {
  const t = useMessages(m);
  const left = useWorkdaysLeft(deadline);
  if (!left) return null;
  return (
    <span className="countdown">
      {kind === 'publicity' ? t.publicityLeft(left.days) : t.workdaysLeft(left.days)}
      {left.provisional && <span className="muted">{t.provisional}</span>}
    </span>
  );
}
