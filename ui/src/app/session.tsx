// The logged-in user, shared by the shell and pages.
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { api, getSession, onSessionChange, type Session } from '../api/client';
import { setClockOffset } from '../i18n/format';
import type { Role } from '../api/types';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSessionState] = useState<Session | null>(getSession);
  useEffect(() => onSessionChange(setSessionState), []);
  useEffect(() => {
    if (session?.devClock) void syncServerClock();
  }, [session]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session | null {
  return useContext(SessionContext);
}

export function hasRole(session: Session | null, ...roles: Role[]): boolean {
  return !!session && session.user.roles.some((r) => roles.includes(r));
}

let clockSynced = false;

/**
 * Reads the workflow clock once. Called only when the login answer said devClock (GET /dev/time exists only on an
 * in-process temporal-lite); elsewhere the browser clock is used and no failing request is made.
 */
async function syncServerClock(): Promise<void> {
  if (clockSynced) return;
  clockSynced = true;
  try {
    const before = Date.now();
    const res = await api.get<{ now: string }>('/dev/time');
    const server = Date.parse(res.now);
    // Ignore ordinary skew: only a moved clock (minutes or more) matters for deadlines.
    const offset = server - (before + Date.now()) / 2;
    if (Math.abs(offset) > 60_000) setClockOffset(offset);
  } catch {
    // not on temporal-lite
  }
}
