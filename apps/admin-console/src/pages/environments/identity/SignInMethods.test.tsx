import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../../test-support/fake-api';
import { callsTo, fill } from '../../../test-support/render-console';
import { ENVIRONMENT, page, renderEnvironment } from '../../../test-support/render-environment';
import type { IdentityMethods } from './identity-methods';

const methodsPath = `/v1/environments/${ENVIRONMENT.id}/identity-methods`;
const mail = (subject: string) => ({ subject, text: `${subject}: {{code}}`, html: `<p>${subject}: {{code}}</p>` });
const STORED: IdentityMethods = {
  anonymous: { enabled: false, ttlSeconds: 86_400 },
  email: { enabled: false, requireVerification: true, passwordLogin: true, otpLogin: true },
  phone: { enabled: false, allowedCountryCodes: ['FR'] },
  customToken: { enabled: false, algorithm: 'HS256', secretSet: false, publicKey: null, issuer: 'https://backend.example.com', maxAgeSeconds: 3_600 },
  otp: { length: 6, ttlSeconds: 300, maxAttempts: 5, resendAfterSeconds: 30, maxSendsPerHour: 10 },
  freshLoginSeconds: 300,
  authorizedOrigins: ['https://shop.example.com'],
  mfa: { required: false, issuer: null },
  templates: { emailVerification: mail('Confirm'), emailOtp: mail('Code'), passwordReset: mail('Reset'), smsOtp: { text: '{{code}} is your code' } },
};

const renderMethods = (patch: (call: RecordedCall) => readonly [number, unknown?], stored: IdentityMethods = STORED) =>
  renderEnvironment(`/environments/${ENVIRONMENT.id}/identity`, {
    'GET /v1/auth-services': [200, page([])],
    [`GET /v1/environments/${ENVIRONMENT.id}/identity`]: [200, { enabledServices: [], defaultService: null }],
    [`GET ${methodsPath}`]: [200, stored],
    [`PATCH ${methodsPath}`]: patch,
  });

/** The section once its settings are loaded. */
async function section() {
  await screen.findByRole('group', { name: 'Anonymous sign-in' });
  return screen.getByRole('region', { name: 'Sign-in methods' });
}
const group = (name: string) => within(screen.getByRole('region', { name: 'Sign-in methods' })).getByRole('group', { name });
const save = () => userEvent.click(screen.getByRole('button', { name: 'Save sign-in methods' }));
const patches = (calls: readonly RecordedCall[]) => callsTo(calls, 'PATCH', methodsPath).map((call) => call.body);

/** A PATCH answered as the API does: merged into what is stored (RFC 7396), the secret kept only as `secretSet`. */
function storing(stored: IdentityMethods = STORED) {
  let current = stored;
  const merge = (target: unknown, change: unknown): unknown => {
    if (typeof change !== 'object' || change === null || Array.isArray(change)) return change;
    const result: Record<string, unknown> = { ...(target as Record<string, unknown>) };
    for (const [key, value] of Object.entries(change)) result[key] = merge(result[key], value);
    return result;
  };
  return (call: RecordedCall): readonly [number, unknown] => {
    const next = merge(current, call.body) as IdentityMethods & { customToken: { secret?: string | null } };
    const { secret, ...customToken } = next.customToken;
    current = { ...next, customToken: { ...customToken, secretSet: secret === undefined ? current.customToken.secretSet : typeof secret === 'string' } };
    return [200, current];
  };
}

async function replace(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  if (text) await fill(field, text);
}

describe('the sign-in methods of the Identity tab', () => {
  it('shows every method with its stored values, and the secret only as whether one is set', async () => {
    renderMethods(() => [200, STORED]);
    await section();
    expect(within(group('Anonymous sign-in')).getByRole('checkbox', { name: 'Enabled' })).toHaveProperty('checked', false);
    expect(within(group('Anonymous sign-in')).getByRole('spinbutton', { name: 'Account lifetime (seconds)' })).toHaveProperty('value', '86400');
    expect(within(group('Email sign-in')).getByRole('checkbox', { name: 'Sign in with a password' })).toHaveProperty('checked', true);
    expect(within(group('Phone sign-in')).getByRole('textbox', { name: 'Allowed countries' })).toHaveProperty('value', 'FR');
    const token = group('Custom tokens');
    expect(within(token).getByRole('combobox', { name: 'Algorithm' })).toHaveProperty('value', 'HS256');
    expect(within(token).getByLabelText('Secret')).toHaveProperty('value', '');
    expect(token.textContent).toContain('No secret set');
    expect(within(token).getByRole('textbox', { name: 'Issuer' })).toHaveProperty('value', 'https://backend.example.com');
    expect(within(group('One-time codes')).getByRole('spinbutton', { name: 'Digits per code' })).toHaveProperty('value', '6');
    expect(within(group('Fresh logins and browser origins')).getByRole('textbox', { name: 'Authorized origins' })).toHaveProperty('value', 'https://shop.example.com');
    expect(within(group('Message: SMS code')).getByRole('textbox', { name: 'Text' })).toHaveProperty('value', '{{code}} is your code');
    expect(within(group('Second factor')).getByRole('checkbox', { name: 'Require a second factor at every login' })).toHaveProperty('checked', false);
  });

  it('sends only the members changed, and shows what the API answered', async () => {
    const store = storing();
    const api = renderMethods((call) => {
      const [status, answer] = store(call);
      return [status, { ...(answer as IdentityMethods), otp: { ...STORED.otp, length: 8, ttlSeconds: 600 } }];
    });
    await section();
    await userEvent.click(within(group('Anonymous sign-in')).getByRole('checkbox', { name: 'Enabled' }));
    await replace(within(group('One-time codes')).getByRole('spinbutton', { name: 'Digits per code' }), '8');
    await fill(within(group('Fresh logins and browser origins')).getByRole('textbox', { name: 'Authorized origins' }), '\nhttp://localhost:5173\n');
    await save();
    expect(await within(await section()).findByText('Saved.')).toBeTruthy();
    expect(patches(api.calls)).toEqual([{ anonymous: { enabled: true }, otp: { length: 8 }, authorizedOrigins: ['https://shop.example.com', 'http://localhost:5173'] }]);
    // The answer replaces the form: a value the API set itself shows, and saving again sends nothing.
    expect(within(group('One-time codes')).getByRole('spinbutton', { name: 'Code lifetime (seconds)' })).toHaveProperty('value', '600');
    await save();
    expect(within(await section()).getByRole('status').textContent).toBe('Nothing changed.');
    expect(patches(api.calls)).toHaveLength(1);
  });

  it('sends a typed secret once, keeps the stored one when left empty, removes it on request, and never shows it', async () => {
    const api = renderMethods(storing());
    await section();
    await userEvent.click(within(group('Custom tokens')).getByRole('checkbox', { name: 'Enabled' }));
    await fill(within(group('Custom tokens')).getByLabelText('Secret'), 'the backend signs with this 32+ chars');
    await save();
    await within(await section()).findByText('Saved.');
    const token = group('Custom tokens');
    expect(token.textContent).toContain('A secret is set');
    expect(within(token).getByLabelText('Replace secret')).toHaveProperty('value', '');

    await replace(within(token).getByRole('spinbutton', { name: 'Longest token life (seconds)' }), '60');
    await save();
    await within(await section()).findByText('Saved.');
    expect(group('Custom tokens').textContent).toContain('A secret is set');

    await userEvent.click(within(group('Custom tokens')).getByRole('checkbox', { name: 'Enabled' }));
    await userEvent.click(within(group('Custom tokens')).getByRole('checkbox', { name: 'Remove the stored secret' }));
    expect(within(group('Custom tokens')).getByLabelText('Replace secret')).toHaveProperty('disabled', true);
    await save();
    await within(await section()).findByText('Saved.');
    expect(group('Custom tokens').textContent).toContain('No secret set');
    expect(within(group('Custom tokens')).queryByRole('checkbox', { name: 'Remove the stored secret' })).toBeNull();
    expect(patches(api.calls)).toEqual([
      { customToken: { enabled: true, secret: 'the backend signs with this 32+ chars' } },
      { customToken: { maxAgeSeconds: 60 } },
      { customToken: { enabled: false, secret: null } },
    ]);
  });

  it('sends null for a cleared value, which puts the default back', async () => {
    const api = renderMethods(storing());
    await section();
    await userEvent.clear(within(group('Custom tokens')).getByRole('textbox', { name: 'Issuer' }));
    await userEvent.clear(within(group('One-time codes')).getByRole('spinbutton', { name: 'Code lifetime (seconds)' }));
    await userEvent.clear(within(group('Message: SMS code')).getByRole('textbox', { name: 'Text' }));
    await userEvent.clear(within(group('Phone sign-in')).getByRole('textbox', { name: 'Allowed countries' }));
    await save();
    await within(await section()).findByText('Saved.');
    expect(patches(api.calls)).toEqual([{ customToken: { issuer: null }, otp: { ttlSeconds: null }, phone: { allowedCountryCodes: [] }, templates: { smsOtp: { text: null } } }]);
  });

  it("marks each field the API's 400 names, focuses the first, sums up above the action and keeps what was typed", async () => {
    const api = renderMethods(() => [
      400,
      {
        error: 'invalid_request',
        error_description: 'Invalid identity method settings.',
        code: 'INVALID_PROVIDER_SETTINGS',
        fields: [
          { field: 'email.enabled', message: 'cannot be enabled in production without a mail transport: set SMTP_URL' },
          { field: 'customToken.secret', message: 'is required to enable customToken with HS256' },
          { field: 'otp.length', message: 'must be an integer from 4 to 10' },
        ],
      },
    ]);
    await section();
    await userEvent.click(within(group('Email sign-in')).getByRole('checkbox', { name: 'Enabled' }));
    await userEvent.click(within(group('Custom tokens')).getByRole('checkbox', { name: 'Enabled' }));
    await save();
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid identity method settings.');
    const email = within(group('Email sign-in')).getByRole('checkbox', { name: 'Enabled' });
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(group('Email sign-in').textContent).toContain('cannot be enabled in production without a mail transport: set SMTP_URL');
    const secret = within(group('Custom tokens')).getByLabelText('Secret');
    const digits = within(group('One-time codes')).getByRole('spinbutton', { name: 'Digits per code' });
    expect(secret.getAttribute('aria-invalid')).toBe('true');
    expect(digits.getAttribute('aria-invalid')).toBe('true');
    expect(group('Custom tokens').textContent).toContain('is required to enable customToken with HS256');
    expect(group('One-time codes').textContent).toContain('must be an integer from 4 to 10');
    expect(document.activeElement).toBe(email);
    expect(within(group('Custom tokens')).getByRole('checkbox', { name: 'Enabled' })).toHaveProperty('checked', true);
    expect(within(await section()).getByRole('status').textContent).toBe('');
    expect(patches(api.calls)).toEqual([{ email: { enabled: true }, customToken: { enabled: true } }]);
  });

  it('sends nothing while a number is out of range, an origin is not one or a secret is short', async () => {
    const api = renderMethods(() => [200, STORED]);
    await section();
    await replace(within(group('One-time codes')).getByRole('spinbutton', { name: 'Guesses per code' }), '11');
    await fill(within(group('Fresh logins and browser origins')).getByRole('textbox', { name: 'Authorized origins' }), '\nhttps://shop.example.com/login');
    await fill(within(group('Custom tokens')).getByLabelText('Secret'), 'too short');
    await save();
    expect(screen.getByRole('alert').textContent).toBe('Fix the fields marked below.');
    const guesses = within(group('One-time codes')).getByRole('spinbutton', { name: 'Guesses per code' });
    expect(guesses.getAttribute('aria-invalid')).toBe('true');
    expect(group('One-time codes').textContent).toContain('A whole number from 1 to 10.');
    expect(group('Fresh logins and browser origins').textContent).toContain('"https://shop.example.com/login" is not an origin');
    expect(group('Custom tokens').textContent).toContain('From 32 to 1024 characters.');
    expect(document.activeElement).toBe(within(group('Custom tokens')).getByLabelText('Secret'));
    expect(patches(api.calls)).toEqual([]);
  });

  it('shows the stored values read-only, without the action, once the API refuses the change (403)', async () => {
    renderMethods(() => [403, { error: 'access_denied', error_description: 'You may not change this environment.', code: 'FORBIDDEN' }]);
    await section();
    await userEvent.click(within(group('Anonymous sign-in')).getByRole('checkbox', { name: 'Enabled' }));
    await save();
    expect(await within(await section()).findByText('You may read these settings but not change them.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save sign-in methods' })).toBeNull();
    const enabled = within(group('Anonymous sign-in')).getByRole('checkbox', { name: 'Enabled' });
    expect(enabled).toHaveProperty('checked', false);
    expect(enabled).toHaveProperty('disabled', true);
    expect(within(group('One-time codes')).getByRole('spinbutton', { name: 'Digits per code' })).toHaveProperty('disabled', true);
    expect(within(group('One-time codes')).getByRole('spinbutton', { name: 'Digits per code' })).toHaveProperty('value', '6');
    // The services form above keeps its own action.
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
  });

  it('is left out when the API hides the settings (404)', async () => {
    renderEnvironment(`/environments/${ENVIRONMENT.id}/identity`, {
      'GET /v1/auth-services': [200, page([])],
      [`GET /v1/environments/${ENVIRONMENT.id}/identity`]: [200, { enabledServices: [], defaultService: null }],
    });
    await screen.findByRole('button', { name: 'Save' });
    expect(screen.queryByRole('region', { name: 'Sign-in methods' })).toBeNull();
  });
});
