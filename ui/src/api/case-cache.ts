// Cases read by id (the complete-task dialog), kept for the session.
import { api } from './client';
import type { CaseDetail } from './types';

const cache = new Map<string, Promise<CaseDetail | null>>();

export function loadCase(id: string, fresh = false): Promise<CaseDetail | null> {
  let p = fresh ? undefined : cache.get(id);
  if (!p) {
    p = api.get<CaseDetail>(`/cases/${encodeURIComponent(id)}`).catch(() => null);
    cache.set(id, p);
  }
  return p;
}

export function forgetCase(id: string): void {
  cache.delete(id);
}
