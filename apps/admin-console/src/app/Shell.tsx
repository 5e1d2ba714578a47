import { useEffect, useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useApi, useSession } from './session-context';

/** Sections shown only when the caller's authority lets their route answer (a 403/404 hides the link). */
const PROBED = [
  { to: '/admins', label: 'Admins', probe: '/v1/admins' },
  { to: '/audit', label: 'Audit log', probe: '/v1/audit-events' },
  { to: '/operations', label: 'Operations', probe: '/v1/operations/cleanup' },
] as const;

export function Shell() {
  const { session, signOut } = useSession();
  const api = useApi();
  const [shown, setShown] = useState<readonly string[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all(
      PROBED.map((section) =>
        api.get(section.probe, section.probe === '/v1/operations/cleanup' ? undefined : { limit: 1 }).then(
          () => section.to,
          () => undefined,
        ),
      ),
    ).then((answered) => live && setShown(answered.filter((to): to is (typeof PROBED)[number]['to'] => to !== undefined)));
    return () => {
      live = false;
    };
  }, [api]);
  return (
    <div className="shell">
      <header>
        <span className="brand">RapidAuth</span>
        <nav aria-label="Main">
          <NavLink to="/organizations">Organizations</NavLink>
          {PROBED.filter((section) => shown.includes(section.to)).map((section) => (
            <NavLink key={section.to} to={section.to}>
              {section.label}
            </NavLink>
          ))}
          <a href="/docs">API docs</a>
        </nav>
        <span className="who" aria-label="Signed in as">
          {session?.username}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main>
        <Outlet />
      </main>
    </div>
  );
}
