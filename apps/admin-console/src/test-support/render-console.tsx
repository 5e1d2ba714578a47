import { configure, render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { App } from '../app/App';
import { SessionProvider } from '../app/session-context';
import { fakeApi, signedIn, type RecordedCall, type Routes } from './fake-api';

// These pages chain several answers (a dialog, a write, a reload); on a loaded machine that can outlast the default 1 s wait of `findBy…`.
configure({ asyncUtilTimeout: 5000 });

/** For specs: the signed-in console at `path` over a fake admin API; answers the recorded calls. */
export function renderConsoleAt(path: string, routes: Routes) {
  signedIn();
  const api = fakeApi(routes);
  render(
    <MemoryRouter initialEntries={[path]}>
      <SessionProvider fetchImpl={api.impl}>
        <App />
      </SessionProvider>
    </MemoryRouter>,
  );
  return api;
}

/** The query parameters of a recorded call. */
export function queryOf(call: RecordedCall): Record<string, string> {
  return Object.fromEntries(new URL(call.url, 'http://console.test').searchParams);
}

export const callsTo = (calls: readonly RecordedCall[], method: string, path: string): RecordedCall[] =>
  calls.filter((call) => call.method === method && call.url.split('?')[0] === path);
