import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApi, type Api } from '../api/client';
import { sessionStorageStore, type Session } from '../api/session';

interface TokenAnswer {
  access_token: string;
  expires_in: number;
}

export interface SessionState {
  readonly session: Session | undefined;
  /** Why the admin is at the sign-in page, e.g. "Your session has expired". */
  readonly notice: string | undefined;
  readonly api: Api;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children, fetchImpl }: { children: ReactNode; fetchImpl?: typeof fetch }) {
  const [session, setSession] = useState<Session | undefined>(() => sessionStorageStore.load());
  const [notice, setNotice] = useState<string>();
  const current = useRef(session);
  current.current = session;

  const drop = useCallback((why: string | undefined) => {
    sessionStorageStore.clear();
    current.current = undefined;
    setSession(undefined);
    setNotice(why);
  }, []);

  const api = useMemo(
    () => createApi({ token: () => current.current?.token, onUnauthorized: () => drop('Your session has expired'), fetch: fetchImpl }),
    [drop, fetchImpl],
  );

  const signIn = useCallback(
    async (username: string, password: string) => {
      const answer = await api.post<TokenAnswer>('/management/token', { grant_type: 'password', username, password });
      const next: Session = { token: answer.access_token, username, expiresAt: Date.now() + answer.expires_in * 1000 };
      sessionStorageStore.save(next);
      current.current = next;
      setNotice(undefined);
      setSession(next);
    },
    [api],
  );

  const signOut = useCallback(async () => {
    // Signed out locally even when the revocation cannot reach the server.
    await api.post('/management/revoke').catch(() => undefined);
    drop(undefined);
  }, [api, drop]);

  const value = useMemo(() => ({ session, notice, api, signIn, signOut }), [session, notice, api, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The admin API for the signed-in admin. */
export const useApi = (): Api => useSession().api;
