// Case summaries for lists that only carry a caseId (the inbox): fetched a few at a time, kept for the session.
import { useEffect, useState } from 'react';
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

/** Resolves the given case ids with at most 6 requests in flight; re-renders as they arrive. */
export function useCaseSummaries(ids: string[]): Map<string, CaseDetail> {
  const [known, setKnown] = useState<Map<string, CaseDetail>>(new Map());
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    const queue = [...new Set(ids)];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const c = await loadCase(id);
        if (!live) return;
        if (c) setKnown((prev) => (prev.get(id) === c ? prev : new Map(prev).set(id, c)));
      }
    };
    void Promise.all(Array.from({ length: 6 }, worker));
    return () => {
      live = false;
    };
    // ids are compared by content (key), not by array identity
  }, [key]);
  return known;
}
