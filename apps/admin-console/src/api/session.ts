/** A signed-in admin: the management token and who it is for. Kept in memory and sessionStorage only (never localStorage or a cookie). */
export interface Session {
  readonly token: string;
  readonly username: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const KEY = 'rapidauth.console.session';

export const sessionStorageStore = {
  load(): Session | undefined {
    try {
      const raw = sessionStorage.getItem(KEY);
      if (!raw) return undefined;
      const session = JSON.parse(raw) as Partial<Session>;
      if (typeof session.token !== 'string' || typeof session.username !== 'string' || typeof session.expiresAt !== 'number') return undefined;
      return session.expiresAt > Date.now() ? (session as Session) : undefined;
    } catch {
      return undefined;
    }
  },
  save(session: Session): void {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
