import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { App } from '../app/App';
import { SessionProvider } from '../app/session-context';
import { fakeApi, signedIn } from '../test-support/fake-api';

const renderConsole = (fetchImpl: typeof fetch) =>
  render(
    <MemoryRouter initialEntries={['/organizations']}>
      <SessionProvider fetchImpl={fetchImpl}>
        <App />
      </SessionProvider>
    </MemoryRouter>,
  );

describe('signing in', () => {
  it('shows the API message and keeps the fields when the password is wrong', async () => {
    const api = fakeApi({ 'POST /management/token': [400, { error: 'invalid_grant', error_description: 'The username or password is wrong.', code: 'INVALID_CREDENTIALS' }] });
    renderConsole(api.impl);
    await userEvent.type(screen.getByLabelText('Username'), 'ops');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'The username or password is wrong.');
    expect(screen.getByLabelText('Username')).toHaveProperty('value', 'ops');
    expect(screen.getByLabelText('Password')).toHaveProperty('value', 'wrong-password');
    expect(sessionStorage.length).toBe(0);
  });

  it('keeps the token in sessionStorage only, sends it as bearer, and signs out through /management/revoke', async () => {
    const api = fakeApi({
      'POST /management/token': [200, { access_token: 'tok-1', token_type: 'Bearer', expires_in: 900 }],
      'POST /management/revoke': [200, {}],
    });
    renderConsole(api.impl);
    await userEvent.type(screen.getByLabelText('Username'), 'ops');
    await userEvent.type(screen.getByLabelText('Password'), 'right-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(screen.getByLabelText('Signed in as').textContent).toBe('ops');
    expect(JSON.stringify(sessionStorage)).toContain('tok-1');
    expect(localStorage.length).toBe(0);
    expect(document.cookie).toBe('');
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to RapidAuth' })).toBeTruthy();
    expect(api.calls.find((call) => call.url === '/management/revoke')?.authorization).toBe('Bearer tok-1');
    expect(sessionStorage.length).toBe(0);
  });

  it('returns to sign-in saying the session expired when a call answers 401', async () => {
    signedIn();
    const api = fakeApi({ 'GET /v1/admins': [401, { error: 'invalid_token', error_description: 'The token is not valid.', code: 'INVALID_TOKEN' }] });
    renderConsole(api.impl);
    expect(await screen.findByText('Your session has expired')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Sign in to RapidAuth' })).toBeTruthy();
    expect(sessionStorage.length).toBe(0);
  });
});
