// The logged-in user, shared by the shell and pages.
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { getSession, onSessionChange, type Session } from '../api/client';
import type { Role } from '../api/types';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSessionState] = useState<Session | null>(getSession);
  useEffect(() => onSessionChange(setSessionState), []);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session | null {
  return useContext(SessionContext);
}

export function hasRole(session: Session | null, ...roles: Role[]): boolean {
  return !!session && session.user.roles.some((r) => roles.includes(r));
}
