import type { AppClient, AuthorizationRequest, ErrorCode, OAuthError } from '@rapidauth/oauth';
import { escapeHtml, layout } from './html';

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  INVALID_CREDENTIALS: 'Wrong username or password.',
  IDENTITY_TEMPORARILY_LOCKED: 'Too many failed sign-ins. Try again in a few minutes.',
  ACCOUNT_DISABLED: 'This account is disabled.',
  RATE_LIMITED: 'Too many attempts. Wait a minute and try again.',
  UPSTREAM_UNAVAILABLE: 'Sign-in is unavailable right now. Try again in a moment.',
  UPSTREAM_REJECTED: 'Your sign-in was refused by your organization. Contact your administrator.',
  EXISTING_IDENTITY: 'This sign-in already belongs to another account, so it cannot be linked to yours.',
};

export function loginPage(input: {
  loginTx: string;
  client: AppClient;
  cssUrl?: string;
  error?: ErrorCode;
  username?: string;
}): string {
  const error = input.error
    ? `<p class="error" role="alert" id="login-error">${escapeHtml(MESSAGES[input.error] ?? 'Sign-in failed.')}</p>`
    : '';
  const describedBy = input.error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return layout(
    'Sign in',
    `<h1>Sign in</h1>
<p class="client">to continue to <strong>${escapeHtml(clientLabel(input.client))}</strong></p>
${error}
<form method="post" action="/v3/oauth/login">
<input type="hidden" name="login_tx" value="${escapeHtml(input.loginTx)}">
<label for="username">Username or email</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(input.username ?? '')}"${describedBy} autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
<button type="submit">Sign in</button>
</form>`,
    { cssUrl: input.cssUrl },
  );
}

/**
 * The second factor of a sign-in: the authenticator's code, or a recovery code in the same field
 * (docs/gateway.md#second-factor-at-login); with `enrolment`, a new authenticator's QR code and
 * secret first, whose first code confirms it. The mfa_token rides in the form, like login_tx; the
 * page is never cached. The QR code is our own inline SVG (no script, no style attribute: the CSP holds).
 */
export function mfaPage(input: {
  loginTx: string;
  mfaToken: string;
  client: AppClient;
  error?: ErrorCode;
  attemptsLeft?: number;
  enrolment?: { secret: string; qrCodeSvg: string };
}): string {
  const message = (code: ErrorCode) =>
    code === 'INVALID_OTP' ? `Wrong code. ${input.attemptsLeft ?? 0} attempt${input.attemptsLeft === 1 ? '' : 's'} left.` : (MESSAGES[code] ?? 'Verification failed.');
  const error = input.error ? `<p class="error" role="alert" id="mfa-error">${escapeHtml(message(input.error))}</p>` : '';
  const describedBy = input.error ? ' aria-describedby="mfa-error" aria-invalid="true"' : '';
  const { enrolment } = input;
  const title = enrolment ? 'Set up two-step verification' : 'Two-step verification';
  const setUp = enrolment
    ? `<p>This app requires two-step verification. Scan the QR code with your authenticator app, or enter the key by hand, then type the code it shows.</p>
${enrolment.qrCodeSvg.replace('<svg ', '<svg class="qr" role="img" aria-label="QR code of the key for your authenticator app" ')}
<p>Key: <code class="secret" id="totp-secret">${escapeHtml(enrolment.secret)}</code></p>
`
    : '';
  const label = enrolment ? 'The 6-digit code from your authenticator app' : 'The 6-digit code from your authenticator app, or a recovery code';
  return layout(
    title,
    `<h1>${title}</h1>
<p class="client">to continue to <strong>${escapeHtml(clientLabel(input.client))}</strong></p>
${error}
${setUp}<form method="post" action="/v3/oauth/login/mfa">
<input type="hidden" name="login_tx" value="${escapeHtml(input.loginTx)}">
<input type="hidden" name="mfa_token" value="${escapeHtml(input.mfaToken)}">
<label for="otp">${label}</label>
<input id="otp" name="otp" type="text" autocomplete="one-time-code" autocapitalize="none" spellcheck="false" maxlength="32" required${describedBy} autofocus>
<button type="submit">Verify</button>
</form>`,
  );
}

/**
 * The recovery codes of the authenticator the sign-in just enrolled, shown this once; Continue
 * resumes the sign-in (consent, then the code), which never shows them again.
 */
export function recoveryCodesPage(input: { loginTx: string; recoveryCodes: readonly string[] }): string {
  const codes = input.recoveryCodes.map((code) => `<li><code>${escapeHtml(code)}</code></li>`).join('');
  return layout(
    'Save your recovery codes',
    `<h1>Save your recovery codes</h1>
<p>Two-step verification is on. If you lose your authenticator, each of these codes signs you in once. Keep them somewhere safe: they are not shown again.</p>
<ul class="recovery-codes" aria-label="Recovery codes">${codes}</ul>
<form method="get" action="/v3/oauth/resume">
<input type="hidden" name="login_tx" value="${escapeHtml(input.loginTx)}">
<button type="submit">Continue</button>
</form>`,
  );
}

export function consentPage(input: { loginTx: string; client: AppClient; request: AuthorizationRequest }): string {
  const scopes = input.request.scope.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
  return layout(
    'Allow access',
    `<h1>Allow access?</h1>
<p><strong>${escapeHtml(clientLabel(input.client))}</strong> asks for:</p>
<ul class="scopes">${scopes || '<li>your identity</li>'}</ul>
<form method="post" action="/v3/oauth/consent">
<input type="hidden" name="login_tx" value="${escapeHtml(input.loginTx)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`,
  );
}

export function errorPage(error: OAuthError): string {
  if (error.code === 'RATE_LIMITED') {
    return layout('Too many requests', '<h1>Too many sign-in requests</h1><p role="alert">Wait a minute, then return to the app and try again.</p>');
  }
  const heading = error.status === 503 ? 'Sign-in is unavailable right now' : 'Something is wrong with this sign-in link';
  return layout(
    'Sign-in error',
    `<h1>${heading}</h1>
<p role="alert">${escapeHtml(error.description)}</p>
<p class="code">Error: <code>${escapeHtml(error.error)}</code> (<code>${escapeHtml(error.code)}</code>)</p>
<p>Return to the app and try again. If this keeps happening, contact the app's support.</p>`,
  );
}

/**
 * A redirect login by HTTP-POST binding (SAML): the form posts itself (one inline script, allowed
 * by its nonce); without scripts the user presses Continue.
 */
export function autoPostPage(input: { action: string; fields: Readonly<Record<string, string>>; scriptNonce: string }): string {
  const fields = Object.entries(input.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return layout(
    'Signing in',
    `<h1>Signing in</h1>
<form method="post" action="${escapeHtml(input.action)}" id="auto-post">
${fields}
<button type="submit">Continue</button>
</form>
<script nonce="${escapeHtml(input.scriptNonce)}">document.getElementById('auto-post').submit();</script>`,
  );
}

/** RP-Initiated Logout without a hint of this session: the user confirms (the form carries the CSRF token). */
export function signOutConfirmationPage(input: { clientName: string | null; form: Record<string, string> }): string {
  const fields = Object.entries(input.form)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return layout(
    'Sign out',
    `<h1>Sign out?</h1>
<p><strong>${escapeHtml(input.clientName ?? 'An application')}</strong> asks to sign you out.</p>
<form method="post" action="/oauth/session/end">
${fields}
<button type="submit">Sign out</button>
</form>`,
  );
}

export function signedOutPage(): string {
  return layout('Signed out', '<h1>You are signed out</h1><p>You can close this window.</p>');
}

function clientLabel(client: AppClient): string {
  return client.name ?? 'this application';
}
