import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router';
import { App } from '../app/App';
import { SessionProvider } from '../app/session-context';
import { fakeApi, signedIn, type Routes } from './fake-api';
import type { EnvironmentView } from '../pages/environments/types';

export const ENVIRONMENT: EnvironmentView = {
  id: '0b6f3c1e-2a4d-4c8e-9f10-111111111111',
  appId: '0b6f3c1e-2a4d-4c8e-9f10-222222222222',
  organizationId: '0b6f3c1e-2a4d-4c8e-9f10-333333333333',
  name: 'production',
  appKey: 'app-key-1',
  defaultServiceId: null,
};

export const page = <T,>(rows: readonly T[], total = rows.length, skip = 0, limit = 25) => ({ total, limit, skip, rows });

/** Where the console's router is, for specs on deep links. */
function Where() {
  const location = useLocation();
  return <output aria-label="Location">{location.pathname}</output>;
}

/** The signed-in console at `path`, answering the environment and its app besides `routes`. */
export function renderEnvironment(path: string, routes: Routes = {}) {
  signedIn();
  const api = fakeApi({
    [`GET /v1/environments/${ENVIRONMENT.id}`]: [200, ENVIRONMENT],
    [`GET /v1/apps/${ENVIRONMENT.appId}`]: [200, { id: ENVIRONMENT.appId, name: 'shop' }],
    ...routes,
  });
  render(
    <MemoryRouter initialEntries={[path]}>
      <SessionProvider fetchImpl={api.impl}>
        <App />
        <Where />
      </SessionProvider>
    </MemoryRouter>,
  );
  return api;
}

/** The calls sent to `method path` (query left out). */
export const callsTo = (api: ReturnType<typeof fakeApi>, method: string, path: string) =>
  api.calls.filter((call) => call.method === method && call.url.split('?')[0] === path);

/** Puts `text` into a field as a paste does: one input event, not one per character. */
export async function fill(field: HTMLElement, text: string): Promise<void> {
  await userEvent.click(field);
  await userEvent.paste(text);
}
