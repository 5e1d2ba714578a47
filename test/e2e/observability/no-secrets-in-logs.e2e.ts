import * as oidc from 'openid-client';
import { LocalIdentities, TOTP_SETTINGS } from '@rapidauth/identity';
import { generate } from 'otplib';
import { accountCall, passwordLogin } from '../../support/account-api';
import { BrowserAgent } from '../../support/browser-agent';
import { installationSecrets, type GatewayInstance } from '../../support/gateway-instance';
import { exchange } from '../../support/login-flow';
import { nativeAppConfig, startAuthorization } from '../../support/oidc-client';
import { basicAuth, postForm, updateServiceConfig } from '../../support/requests';
import { ACME_MOBILE, createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';
import { startCapturedGateway } from './captured-gateway';

const REDIRECT = 'http://127.0.0.1:8080/callback';
const CAROL = { username: 'carol', password: 'carol keeps a long passphrase' };

/**
 * Everything a full sign-in writes to the logs at LOG_LEVEL=debug — the default login page, the
 * custom hosted page, the consent page, the code exchange, refresh, introspection, revocation,
 * userinfo, session end, and failures on the way — holds none of the codes, login transactions,
 * tokens, secrets and passwords it used.
 */
describe('log lines carry no credentials (codes and login_tx leaking through redirects)', () => {
  let scratch: ScratchDatabase;
  let gateway: GatewayInstance;
  let lines: string[];
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  /** Every credential the flows below handle; none may appear in a log line. */
  const used = new Set<string>();
  const remember = (...values: Array<string | null | undefined>) => values.forEach((value) => value && used.add(value));

  const publicClient = (firstParty: boolean) =>
    nativeAppConfig(gateway, tenant.environment.id, { ...ACME_MOBILE, name: firstParty ? 'Carol mobile' : 'Partner app', firstParty });
  const codeOf = (location: string) => {
    const params = new URL(location).searchParams;
    remember(params.get('code'), params.get('state'));
    return location;
  };
  const tokens = async (config: oidc.Configuration, location: string, started: Awaited<ReturnType<typeof startAuthorization>>) => {
    remember(started.codeVerifier, started.state);
    const answer = await exchange(config, codeOf(location), started);
    remember(answer.access_token, answer.refresh_token, answer.id_token);
    return answer;
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
    ({ gateway, lines } = await startCapturedGateway({
      databaseUrl: scratch.url,
      secrets: installationSecrets(),
      env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json', LOGIN_RATE_LIMIT: '0' },
    }));
    tenant = await createTenant(gateway.provisioner);
    remember(tenant.appSecret, tenant.organizationSecret, CAROL.password);
    await gateway.get(LocalIdentities).create(tenant.environment.id, CAROL);
  });

  afterAll(async () => {
    await gateway?.stop();
    await scratch?.drop();
  });

  it('logs requests of every step, and none of the credentials they carried', async () => {
    const app = { authorization: basicAuth(tenant.environment.appKey, tenant.appSecret).authorization };
    const agent = new BrowserAgent();

    // Default login page, with a wrong password first.
    const firstParty = await publicClient(true);
    const started = await startAuthorization(firstParty, REDIRECT);
    const page = await agent.get(started.url);
    remember(page.loginTx);
    const wrong = await agent.post(`${gateway.url}/v3/oauth/login`, { login_tx: page.loginTx, username: CAROL.username, password: 'not carols password' });
    expect(wrong.status).toBe(401);
    remember(wrong.loginTx, 'not carols password');
    const signedIn = await agent.post(`${gateway.url}/v3/oauth/login`, { login_tx: wrong.loginTx, ...CAROL });
    expect(signedIn.status).toBe(303);
    const first = await tokens(firstParty, signedIn.location, started);

    // Refresh, introspection, userinfo, client_credentials, revocation.
    const refreshed = await oidc.refreshTokenGrant(firstParty, first.refresh_token!);
    remember(refreshed.access_token, refreshed.refresh_token, refreshed.id_token);
    const introspected = await postForm(`${gateway.url}/oauth/introspect`, { token: refreshed.access_token }, app);
    expect(await introspected.json()).toMatchObject({ active: true });
    const claims = refreshed.claims()!;
    expect(await oidc.fetchUserInfo(firstParty, refreshed.access_token, claims.sub)).toMatchObject({ sub: claims.sub });
    const issued = await postForm(`${gateway.url}/oauth/token`, { grant_type: 'client_credentials', scope: 'orders:read' }, app);
    const { access_token: appToken } = (await issued.json()) as { access_token: string };
    remember(appToken);
    expect((await postForm(`${gateway.url}/oauth/revoke`, { token: appToken }, app)).status).toBe(200);

    // Consent page of a third-party client.
    const partner = await publicClient(false);
    const askConsent = await startAuthorization(partner, REDIRECT, 'openid profile');
    const consentAgent = new BrowserAgent();
    const loginPage = await consentAgent.get(askConsent.url);
    remember(loginPage.loginTx);
    const consent = await consentAgent.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginPage.loginTx, ...CAROL });
    expect(consent.body).toContain('Allow access?');
    remember(consent.loginTx);
    const allowed = await consentAgent.post(`${gateway.url}/v3/oauth/consent`, { login_tx: consent.loginTx, decision: 'allow' });
    await tokens(partner, allowed.location, askConsent);

    // Custom hosted page: the browser is sent there with login_tx, and the page posts back.
    await updateServiceConfig(gateway, tenant.localService.id, { loginPage: { mode: 'hosted', url: 'https://login.example.com/signin' } });
    const hostedStart = await startAuthorization(firstParty, REDIRECT);
    const hostedAgent = new BrowserAgent();
    const toPage = await hostedAgent.get(hostedStart.url);
    expect(toPage.status).toBe(303);
    const hostedTx = new URL(toPage.location).searchParams.get('login_tx');
    remember(hostedTx);
    const back = await hostedAgent.post(`${gateway.url}/v3/oauth/login`, { login_tx: hostedTx!, username: CAROL.username, password: 'wrong again, carol' });
    remember('wrong again, carol', new URL(back.location).searchParams.get('login_tx'));
    const hosted = await hostedAgent.post(`${gateway.url}/v3/oauth/login`, { login_tx: hostedTx!, ...CAROL });
    expect(hosted.status).toBe(303);
    const hostedTokens = await tokens(firstParty, hosted.location, hostedStart);
    await updateServiceConfig(gateway, tenant.localService.id, { loginPage: { mode: 'default' } });

    // A replayed code (refused, logged at debug), then session end with the ID token as hint.
    await expect(exchange(firstParty, signedIn.location, started)).rejects.toMatchObject({ error: 'invalid_grant' });
    const end = new URL(`${gateway.url}/oauth/session/end`);
    end.searchParams.set('id_token_hint', hostedTokens.id_token!);
    end.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1/signed-out');
    end.searchParams.set('state', 'bye-carol-7d2f');
    remember('bye-carol-7d2f');
    expect((await hostedAgent.get(end.toString())).status).toBeLessThan(500);

    await gateway.running.flushLogs();
    const requestLines = lines.map((line) => JSON.parse(line)).filter((line) => line.req && line.res);
    for (const path of ['/v3/oauth/auth', '/v3/oauth/login', '/v3/oauth/consent', '/oauth/token', '/oauth/introspect', '/oauth/revoke', '/oauth/userinfo', '/oauth/session/end']) {
      expect(requestLines.some((line) => line.req.url.startsWith(path))).toBe(true);
    }
    expect(requestLines.every((line) => !('headers' in line.req) && !('headers' in line.res))).toBe(true);
    expect(used.size).toBeGreaterThan(25);
    const leaks = (line: string) => [...used].some((value) => line.includes(value) || line.includes(encodeURIComponent(value)));
    expect(lines.filter(leaks)).toEqual([]);
  }, 120_000);

  it("logs the account endpoints' requests, and none of the TOTP secrets and codes they carried", async () => {
    const dana = { username: 'dana', password: 'dana keeps a long passphrase' };
    await gateway.get(LocalIdentities).create(tenant.environment.id, dana);
    remember(dana.password);
    const tokens = await passwordLogin(gateway.url, tenant, dana.username, dana.password);
    remember(tokens.access_token, tokens.refresh_token);
    const call = (method: string, path: string, body?: unknown) => accountCall(gateway.url, method, path, tokens.access_token, body);

    const enrolment = (await call('POST', '/v3/auth/mfa/totp')).body;
    remember(enrolment.secret, enrolment.otpauthUri);
    const code = await generate({ secret: enrolment.secret, ...TOTP_SETTINGS });
    const wrong = code.replace(/[0-9]/g, (digit) => String((Number(digit) + 5) % 10));
    // Six digits alone would match inside timestamps and durations: as a JSON string or a parameter value.
    for (const digits of [code, wrong]) remember(`"${digits}"`, `=${digits}`);
    expect((await call('POST', '/v3/auth/mfa/totp/confirm', { code: wrong })).body).toMatchObject({ code: 'INVALID_OTP' });
    const confirmed = await call('POST', '/v3/auth/mfa/totp/confirm', { code });
    expect(confirmed.status).toBe(200);
    remember(...confirmed.body.recoveryCodes);
    const renewed = await call('POST', '/v3/auth/mfa/recovery-codes');
    remember(...renewed.body.recoveryCodes);
    expect((await call('GET', '/v3/auth/account')).body.mfa).toEqual({ totp: true, recoveryCodesLeft: 10 });
    expect((await call('DELETE', '/v3/auth/mfa/totp')).status).toBe(204);

    await gateway.running.flushLogs();
    const requestLines = lines.map((line) => JSON.parse(line)).filter((line) => line.req && line.res);
    for (const path of ['/v3/auth/mfa/totp', '/v3/auth/mfa/totp/confirm', '/v3/auth/mfa/recovery-codes', '/v3/auth/account']) {
      expect(requestLines.some((line) => line.req.url === path)).toBe(true);
    }
    const leaks = (line: string) => [...used].some((value) => line.includes(value) || line.includes(encodeURIComponent(value)));
    expect(lines.filter(leaks)).toEqual([]);
  });
});
