import { IdentityMethods, LocalIdentities } from '@rapidauth/identity';
import { installationSecrets, type GatewayInstance } from '../../support/gateway-instance';
import { answerOf } from '../../support/json-answer';
import type { PageResponse } from '../../support/browser-agent';
import { exchange, signInThroughLoginPage } from '../../support/login-flow';
import { nativeAppConfig } from '../../support/oidc-client';
import { basicAuth, postForm } from '../../support/requests';
import { ACME_MOBILE, createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';
import { codeFor, wrongCode } from '../../support/totp-codes';
import { startCapturedGateway } from '../observability/captured-gateway';

const REDIRECT_URI = ACME_MOBILE.redirectUris[0];
// A six-digit code inside a longer number (a timestamp, a duration) is not that code.
const holds = (line: string, secret: string) => (/^\d+$/.test(secret) ? new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(line) : line.includes(secret));
const RECOVERY_CODE = /<li><code>([0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5})<\/code><\/li>/g;

/**
 * Enrolment at a first login under mfa.required, at LOG_LEVEL=debug: no log line holds a
 * password, an mfa_token, the new authenticator's key or its otpauth URI, a right TOTP code, a
 * recovery code, a login_tx, an authorization code or a token — neither over the API
 * (the enrolment mfa_token at POST /v3/auth/mfa/totp, then /v3/auth/mfa/verify) nor on the hosted
 * login page (QR page, a wrong code, the recovery codes page, Continue, the code at the token
 * endpoint).
 */
describe('second factor enrolment at login: no secret in the logs', () => {
  let scratch: ScratchDatabase;
  let gateway: GatewayInstance;
  let lines: string[];
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  const used = new Set<string>();

  const keep = (...values: unknown[]) => {
    for (const value of values) if (typeof value === 'string' && value.length >= 6) used.add(value);
  };
  const post = async (path: string, body: Record<string, unknown>) =>
    answerOf(await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const client = () => ({ client_id: tenant.environment.appKey, client_secret: tenant.appSecret });
  const newUser = async (username: string) => {
    const password = `${username} has a strong password`;
    await gateway.get(LocalIdentities).create(tenant.environment.id, { username, password });
    keep(password);
    return { username, password };
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    ({ gateway, lines } = await startCapturedGateway({ databaseUrl: scratch.url, secrets: installationSecrets(), env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' } }));
    tenant = await createTenant(gateway.provisioner);
    keep(tenant.appSecret);
    await gateway.get(IdentityMethods).update(tenant.environment.id, { mfa: { required: true } });
  });

  afterAll(async () => {
    await gateway?.stop();
    await scratch?.drop();
  });

  it('enrols over the API with the enrolment mfa_token, a wrong code first', async () => {
    const user = await newUser('enrol-api');
    const challenge = await answerOf(
      await postForm(`${gateway.url}/oauth/token`, { grant_type: 'password', username: user.username, password: user.password, scope: 'openid' }, basicAuth(tenant.environment.appKey, tenant.appSecret)),
    );
    expect(challenge.body.code).toBe('MFA_ENROLLMENT_REQUIRED');
    const mfaToken = challenge.body.mfa_token as string;
    keep(mfaToken);

    const enrolment = await post('/v3/auth/mfa/totp', { ...client(), mfa_token: mfaToken });
    expect(enrolment.status).toBe(200);
    const secret = enrolment.body.secret as string;
    keep(secret, enrolment.body.otpauthUri);

    expect((await post('/v3/auth/mfa/verify', { ...client(), mfa_token: mfaToken, code: await wrongCode(secret) })).body.code).toBe('INVALID_OTP');
    const right = await codeFor(secret);
    keep(right);
    const finished = await post('/v3/auth/mfa/verify', { ...client(), mfa_token: mfaToken, code: right });
    expect(finished.status).toBe(200);
    expect(finished.body.recovery_codes).toHaveLength(10);
    keep(finished.body.access_token, finished.body.refresh_token, finished.body.id_token, ...finished.body.recovery_codes);
  });

  it('enrols on the hosted login page, a wrong code first, and the code becomes tokens', async () => {
    const user = await newUser('enrol-page');
    const config = await nativeAppConfig(gateway, tenant.environment.id, ACME_MOBILE);
    const { agent, started, loginPage, callback: page } = await signInThroughLoginPage(gateway.url, config, REDIRECT_URI, user);
    // The nonce is no secret: the ID token carries it (OIDC Core §3.1.2.1), and request lines show it.
    keep(loginPage.loginTx, started.codeVerifier, started.state);
    expect(page.body).toContain('<h1>Set up two-step verification</h1>');
    const mfaTokenOf = (shown: PageResponse) => /name="mfa_token" value="([^"]+)"/.exec(shown.body)![1];
    const secret = /<code class="secret" id="totp-secret">([A-Z2-7]+)<\/code>/.exec(page.body)![1];
    keep(mfaTokenOf(page), secret);
    const postCode = (shown: PageResponse, otp: string) => agent.post(`${gateway.url}/v3/oauth/login/mfa`, { login_tx: page.loginTx, mfa_token: mfaTokenOf(shown), otp });

    const again = await postCode(page, await wrongCode(secret));
    expect(again.status).toBe(400);
    expect(again.body).toContain('4 attempt');
    keep(mfaTokenOf(again));
    const right = await codeFor(secret);
    keep(right);
    const codesPage = await postCode(again, right);
    expect(codesPage.body).toContain('<h1>Save your recovery codes</h1>');
    const recoveryCodes = [...codesPage.body.matchAll(RECOVERY_CODE)].map((match) => match[1]);
    expect(recoveryCodes).toHaveLength(10);
    keep(...recoveryCodes);

    const back = await agent.get(`${gateway.url}/v3/oauth/resume?login_tx=${encodeURIComponent(page.loginTx)}`);
    expect(back.status).toBe(303);
    const code = new URL(back.location).searchParams.get('code');
    keep(code);
    const tokens = await exchange(config, back.location, started);
    keep(tokens.access_token, tokens.refresh_token, tokens.id_token);
    for (const cookie of agent.cookieValues()) keep(cookie);
  });

  it('logs none of them', () => {
    expect(lines.some((line) => line.includes('/v3/oauth/login/mfa'))).toBe(true);
    expect(lines.some((line) => line.includes('/v3/auth/mfa/totp'))).toBe(true);
    expect(used.size).toBeGreaterThanOrEqual(40);
    for (const secret of used) expect({ secret, lines: lines.filter((line) => holds(line, secret)) }).toEqual({ secret, lines: [] });
  });
});
