import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router';
import { App } from '../app/App';
import { SessionProvider } from '../app/session-context';
import { fakeApi, signedIn, type RecordedCall, type Routes } from './fake-api';

/** Where the console's router is, for specs on deep links. */
function Where() {
  const location = useLocation();
  return <output aria-label="Location">{location.pathname}</output>;
}

/**
 * For specs: the signed-in console at `path` over a fake admin API; answers the recorded calls.
 * `showLocation` adds an output "Location" with the router's path.
 */
export function renderConsoleAt(path: string, routes: Routes, { showLocation = false }: { showLocation?: boolean } = {}) {
  signedIn();
  const api = fakeApi(routes);
  render(
    <MemoryRouter initialEntries={[path]}>
      <SessionProvider fetchImpl={api.impl}>
        <App />
        {showLocation ? <Where /> : null}
      </SessionProvider>
    </MemoryRouter>,
  );
  return api;
}

/** The query parameters of a recorded call. */
export function queryOf(call: RecordedCall): Record<string, string> {
  return Object.fromEntries(new URL(call.url, 'http://console.test').searchParams);
}

/** The calls sent to `method path` (query left out). */
export const callsTo = (calls: readonly RecordedCall[], method: string, path: string): RecordedCall[] =>
  calls.filter((call) => call.method === method && call.url.split('?')[0] === path);

/** Puts `text` into a field as a paste does: one input event, not one per character. */
export async function fill(field: HTMLElement, text: string): Promise<void> {
  await userEvent.click(field);
  await userEvent.paste(text);
}
