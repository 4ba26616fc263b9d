// The list records API (POST /lists, GET /lists, /lists/:id, /lists/:id/export, /lists/publicity-preview).
import type { Role } from './types';

/** Who publishes and decides lists as records and reads them (the API's LIST_ROLES). */
export const LIST_ROLES: Role[] = ['org-department', 'city-reviewer', 'admin'];

export interface Publicity {
  start: string;
  end: string;
  days: number;
  calendar: 'cn-workday' | 'calendar-day';
  closesAt: string;
  provisional?: boolean;
}

export interface ListRecordItem {
  caseId: string;
  businessKey: string;
  applicantName: string | null;
  district: string | null;
  decision: string | null;
  comment: string | null;
  status: 'pending' | 'done' | 'failed';
  code?: string | null;
}

export interface ListRecord {
  id: string;
  number: string;
  year: number;
  seq: number;
  title: string;
  kind: 'publish' | 'approve';
  processKey: string;
  processVersion: number;
  elementId: string;
  stageName: string;
  comment: string | null;
  publicity: Publicity | null;
  status: 'running' | 'finished';
  createdBy: string;
  createdAt: string;
  items: ListRecordItem[];
}

export type ListRecordSummary = Omit<ListRecord, 'items'> & { total: number; done: number };

/** YYYY年M月D日 */
export const chineseDate = (d: string): string => {
  const [y, m, day] = d.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${day}日`;
};
