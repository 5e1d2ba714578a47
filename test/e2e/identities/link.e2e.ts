import { randomUUID } from 'node:crypto';
import { IdentityEntity } from '@rapidauth/database';
import { IdentityMethods } from '@rapidauth/identity';
import { SignJWT } from 'jose';
import type * as oidc from 'openid-client';
import { accountCall, signedInUser } from '../../support/account-api';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { BrowserAgent, type PageResponse } from '../../support/browser-agent';
import { exchange } from '../../support/login-flow';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { startOidcUpstream, type OidcUpstream } from '../../support/oidc-upstream';
import { SmsReceiver } from '../../support/sms-receiver';
import { ACME_MOBILE, createNativeApp, createTenant } from '../../support/tenant';

const PHONE_OTP = 'urn:rapidauth:grant-type:phone-otp';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SECRET = 'the backend shares this secret 4b9d2e7a1c';
const REDIRECT = ACME_MOBILE.redirectUris[0];
const IDP_USERS = {
  alice: { password: 'alice-password', claims: { name: 'Alice Archer', preferred_username: 'alice' } },
  bob: { password: 'bob-password', claims: { name: 'Bob Baker', preferred_username: 'bob' } },
};

/**
 * Linking identities (docs/gateway.md#linking-identities) over HTTP: a phone number (its SMS code)
 * or a custom token bound to the Bearer token's account, each proof checked as its login checks it;
 * an identity of another account refused, one already there unchanged; a stale login refused before
 * anything is spent; bad bodies refused with the field at fault.
 */
describe('linking identities', () => {
  let testbed: AdminTestbed;
  let sms: SmsReceiver;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let clientId: string;
  let upstream: OidcUpstream;
  let oidcServiceId: string;
  let app: oidc.Configuration;
  let users = 0;
  let nextNumber = 10;
  const url = () => testbed.gateway.url;
  const dataSource = () => testbed.gateway.running.runtime.database.dataSource;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const link = (token: string, body: unknown) => accountCall(url(), 'POST', '/v3/auth/link', token, body);
  const freshNumber = () => `+336987654${String(nextNumber++).padStart(2, '0')}`;
  const codeFor = async (number: string) => {
    const sent = await post('/v3/auth/phone/otp', { client_id: clientId, phoneNumber: number });
    if (sent.status !== 202) throw new Error(`no code sent (${sent.status}): ${JSON.stringify(sent.body)}`);
    const text = sms.requests.map((request) => JSON.parse(request.body) as { to: string; text: string }).filter((message) => message.to === number).at(-1)?.text;
    return /\b(\d{6})\b/.exec(text ?? '')![1];
  };
  const phoneLogin = async (number: string) => {
    const answer = await post('/v3/auth/phone/otp/verify', { client_id: clientId, phoneNumber: number, code: await codeFor(number) });
    if (answer.status !== 200) throw new Error(`phone login refused (${answer.status})`);
    return answer.body as { access_token: string; refresh_token: string; auth: { uid: string } };
  };
  const customToken = (sub: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub, aud: url(), jti: randomUUID(), iat: now, exp: now + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
  };
  const identitiesOf = async (uid: string) =>
    (await dataSource().manager.findBy(IdentityEntity, { accountId: uid })).map((identity) => `${identity.provider}:${identity.providerUid}`).sort();
  const outcome = (answer: { status: number; body: Record<string, any> }) => ({ status: answer.status, error: answer.body.error, code: answer.body.code });

  beforeAll(async () => {
    sms = await SmsReceiver.start();
    testbed = await startAdminTestbed({ env: { SMS_PROVIDER_URL: sms.url } });
    tenant = await createTenant(testbed.gateway.provisioner);
    clientId = (await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, { name: 'Linking app', grantTypes: [PHONE_OTP, JWT_BEARER, 'refresh_token'] })).clientId;
    await testbed.gateway.get(IdentityMethods).update(tenant.environment.id, {
      phone: { enabled: true },
      customToken: { enabled: true, secret: SECRET },
      otp: { resendAfterSeconds: 0, maxSendsPerHour: 100 },
    });
    // An enterprise OpenID provider as the environment's default service, for the connector links.
    const created = await testbed.api('POST', '/v1/auth-services', {
      name: 'corp',
      type: 'oidc',
      scope: { environmentId: tenant.environment.id },
      config: { redirectUris: [REDIRECT], allowedAttributes: ['name'], providerUri: 'https://idp.invalid/token', grantEndpoint: 'https://idp.invalid/auth', clientId: 'x', issuer: 'https://idp.invalid' },
    });
    expect(created).toMatchObject({ status: 201, body: { loginAvailable: true } });
    oidcServiceId = created.body.id as string;
    upstream = await startOidcUpstream({ users: IDP_USERS, redirectUris: [`${url()}/oauth2/${oidcServiceId}/callback`] });
    const config = { redirectUris: [REDIRECT], allowedAttributes: ['name'], providerUri: `${upstream.url}/token`, grantEndpoint: `${upstream.url}/auth`, clientId: upstream.client.clientId, clientSecret: upstream.client.clientSecret, issuer: upstream.url, scope: 'profile' };
    expect((await testbed.api('PATCH', `/v1/auth-services/${oidcServiceId}`, { config })).status).toBe(200);
    app = await publicClientConfig(url(), (await createNativeApp(testbed.gateway.provisioner, tenant.environment.id, ACME_MOBILE)).clientId);
  });

  afterAll(async () => {
    await testbed?.stop();
    await sms?.close();
    await upstream?.stop();
  });

  /** The environment's authorizations go to `serviceId` (the connector tests sign in at the IdP; the others use local passwords). */
  const useService = async (serviceId: string) => {
    const put = await testbed.api('PUT', `/v1/environments/${tenant.environment.id}/identity`, { enabledServices: [tenant.localService.id, oidcServiceId], defaultService: serviceId });
    expect(put.status).toBe(200);
  };

  /** An authorization with `link_ticket`: the gateway sends the browser to the IdP, the user signs in there, the browser comes back and resumes. */
  const connectorLogin = async (linkTicket: string, username: keyof typeof IDP_USERS) => {
    const agent = new BrowserAgent();
    const started = await startAuthorization(app, REDIRECT, 'openid', { link_ticket: linkTicket });
    let response: PageResponse = await agent.get(started.url);
    let current = started.url;
    for (let step = 0; step < 12; step++) {
      if (response.status === 200 && current.includes('/interaction/')) {
        response = await agent.post(`${current}/login`, { username, password: IDP_USERS[username].password });
        continue;
      }
      current = new URL(response.location, current).toString();
      if (current.startsWith(REDIRECT)) return { started, location: new URL(current) };
      response = await agent.get(current);
    }
    throw new Error(`the login never came back to the app (${response.status})`);
  };
  const ticketFor = async (accessToken: string) => {
    const answer = await accountCall(url(), 'POST', '/v3/auth/link/ticket', accessToken);
    expect(answer.status).toBe(200);
    return answer.body as { link_ticket: string; expires_in: number };
  };

  describe('connector logins with a link ticket', () => {
    beforeAll(() => useService(oidcServiceId));
    afterAll(() => useService(tenant.localService.id));

    it('binds a connector login begun with a link ticket to the ticket’s account; the ticket is spent once', async () => {
      const login = await phoneLogin(freshNumber());
      const ticket = await ticketFor(login.access_token);
      expect(ticket).toEqual({ link_ticket: expect.any(String), expires_in: 300 });
      expect(await dataSource().query(`SELECT 1 FROM "link_ticket" WHERE "ticket_hash" = $1`, [ticket.link_ticket])).toHaveLength(0);
      const { started, location } = await connectorLogin(ticket.link_ticket, 'alice');
      expect(location.searchParams.get('error')).toBeNull();
      const tokens = await exchange(app, location.toString(), started);
      expect(tokens.claims()?.sub).toBe(login.auth.uid);
      expect(await identitiesOf(login.auth.uid)).toContain(`${oidcServiceId}:alice`);

      const replay = await connectorLogin(ticket.link_ticket, 'alice');
      expect(replay.location.searchParams.get('error')).toBe('invalid_request');
      expect(replay.location.searchParams.get('code')).toBeNull();
    });

    it('ends a connector login whose identity is another account’s with EXISTING_IDENTITY, binding nothing', async () => {
      const owner = await phoneLogin(freshNumber());
      await connectorLogin((await ticketFor(owner.access_token)).link_ticket, 'bob');
      const other = await phoneLogin(freshNumber());
      const { location } = await connectorLogin((await ticketFor(other.access_token)).link_ticket, 'bob');
      expect(location.searchParams.get('error')).toBe('access_denied');
      expect(location.searchParams.get('error_code')).toBe('EXISTING_IDENTITY');
      expect(location.searchParams.get('code')).toBeNull();
      expect(await identitiesOf(other.auth.uid)).toHaveLength(1);
      expect(await identitiesOf(owner.auth.uid)).toContain(`${oidcServiceId}:bob`);
    });

    it('gives no ticket to a stale login, and refuses a ticket of another environment or made up', async () => {
      const login = await phoneLogin(freshNumber());
      const ticket = await ticketFor(login.access_token);
      const elsewhereTenant = await createTenant(testbed.gateway.provisioner);
      await dataSource().query(`UPDATE "link_ticket" SET "environment_id" = $1 WHERE "account_id" = $2`, [elsewhereTenant.environment.id, login.auth.uid]);
      expect((await connectorLogin(ticket.link_ticket, 'alice')).location.searchParams.get('error')).toBe('invalid_request');
      expect((await connectorLogin('made-up', 'alice')).location.searchParams.get('error')).toBe('invalid_request');
      const stale = await accountCall(url(), 'POST', '/v3/auth/link/ticket', (await agedThroughClient(login)).access_token);
      expect(outcome(stale)).toEqual({ status: 401, error: 'insufficient_user_authentication', code: 'TOKEN_TOO_OLD' });
    });
  });

  it('links a phone number to a password account: the account view lists it; a phone login then signs into that account', async () => {
    const user = await signedInUser(testbed, tenant, `linker${++users}`);
    const number = freshNumber();
    const answer = await link(user.tokens.access_token, { method: 'phone-otp', phoneNumber: number, code: await codeFor(number) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body.uid).toBe(user.uid);
    expect(answer.body.identities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: user.identityId, current: true }),
        expect.objectContaining({ provider: 'phone', providerUid: number, current: false, id: expect.any(String) }),
      ]),
    );
    expect((await phoneLogin(number)).auth.uid).toBe(user.uid);
    const audit = (await testbed.api('GET', `/v1/audit-events?action=user.identity_link&limit=100`)).body.rows as Array<Record<string, any>>;
    expect(audit.filter((event) => event.targetId === user.uid)).toHaveLength(1);
  });

  it('links a custom token’s sub to a phone account; linking it again is 200 and changes nothing', async () => {
    const login = await phoneLogin(freshNumber());
    const linked = await link(login.access_token, { method: 'custom', token: await customToken('backend-user-1') });
    expect(linked.status).toBe(200);
    const before = await identitiesOf(login.auth.uid);
    expect(before).toContain('custom:backend-user-1');
    const again = await link(login.access_token, { method: 'custom', token: await customToken('backend-user-1') });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(linked.body);
    expect(await identitiesOf(login.auth.uid)).toEqual(before);
    // The custom login now signs into the phone account.
    const custom = await post('/v3/auth/custom', { client_id: clientId, token: await customToken('backend-user-1') });
    expect(custom.body.auth.uid).toBe(login.auth.uid);
  });

  it('refuses an identity of another account with 409 EXISTING_IDENTITY, the proof checked as at login, nothing moved', async () => {
    const owner = await phoneLogin(freshNumber());
    await link(owner.access_token, { method: 'custom', token: await customToken('taken-sub') });
    const other = await phoneLogin(freshNumber());
    const taken = await link(other.access_token, { method: 'custom', token: await customToken('taken-sub') });
    expect(outcome(taken)).toEqual({ status: 409, error: 'conflict', code: 'EXISTING_IDENTITY' });
    const ownerNumber = freshNumber();
    const ownerPhone = await phoneLogin(ownerNumber);
    const phoneTaken = await link(other.access_token, { method: 'phone-otp', phoneNumber: ownerNumber, code: await codeFor(ownerNumber) });
    expect(outcome(phoneTaken)).toEqual({ status: 409, error: 'conflict', code: 'EXISTING_IDENTITY' });
    expect(await identitiesOf(ownerPhone.auth.uid)).toEqual([`phone:${ownerNumber}`]);
    expect(await identitiesOf(owner.auth.uid)).toContain('custom:taken-sub');

    // A proof refused as its login refuses it: a wrong code (counted), a replayed token.
    const number = freshNumber();
    const code = await codeFor(number);
    const wrong = await link(other.access_token, { method: 'phone-otp', phoneNumber: number, code: String((Number(code) + 1) % 1_000_000).padStart(6, '0') });
    expect(outcome(wrong)).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_OTP' });
    expect(wrong.body.attempts_left).toBe(4);
    const token = await customToken('replayed-sub');
    expect((await link(other.access_token, { method: 'custom', token })).status).toBe(200);
    expect(outcome(await link(owner.access_token, { method: 'custom', token }))).toEqual({ status: 400, error: 'invalid_grant', code: 'INVALID_TOKEN' });
  });

  it('needs a fresh login: an old one gets 401 TOKEN_TOO_OLD and the code is not spent', async () => {
    const login = await phoneLogin(freshNumber());
    const aged = await agedThroughClient(login);
    const number = freshNumber();
    const code = await codeFor(number);
    const stale = await link(aged.access_token, { method: 'phone-otp', phoneNumber: number, code });
    expect(outcome(stale)).toEqual({ status: 401, error: 'insufficient_user_authentication', code: 'TOKEN_TOO_OLD' });
    expect(stale.headers.get('www-authenticate')).toContain('max_age="300"');
    expect((await link(login.access_token, { method: 'phone-otp', phoneNumber: number, code })).status).toBe(200);
    expect(outcome(await link('not-a-token', { method: 'custom', token: 'x' }))).toMatchObject({ status: 401, error: 'invalid_token' });
  });

  it('refuses an unknown method, a missing or unknown field with 400 and the field at fault', async () => {
    const login = await phoneLogin(freshNumber());
    const refusal = async (body: unknown) => {
      const answer = await link(login.access_token, body);
      return { status: answer.status, code: answer.body.code, field: answer.body.fields?.[0]?.field };
    };
    expect(await refusal({ method: 'carrier-pigeon', token: 'x' })).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'method' });
    expect(await refusal({ phoneNumber: '+33612345678', code: '123456' })).toEqual({ status: 400, code: 'MISSING_PARAMETER', field: 'method' });
    expect(await refusal({ method: ['custom', 'phone-otp'], token: 'x' })).toEqual({ status: 400, code: 'DUPLICATE_PARAMETER', field: 'method' });
    expect(await refusal({ method: 'phone-otp', phoneNumber: '+33612345678' })).toEqual({ status: 400, code: 'MISSING_PARAMETER', field: 'code' });
    expect(await refusal({ method: 'custom', token: 'x', admin: true })).toEqual({ status: 400, code: 'INVALID_PARAMETER', field: 'admin' });
    expect(await refusal({ method: 'phone-otp', phoneNumber: '+1', code: '123456' })).toEqual({ status: 400, code: 'INVALID_PHONE_NUMBER', field: 'phoneNumber' });
    expect((await link(login.access_token, '[1,2]')).status).toBe(400);
    expect(await identitiesOf(login.auth.uid)).toHaveLength(1);
  });

  /** The login as if it were an hour old, refreshed through the phone client (refresh keeps the login's auth_time). */
  async function agedThroughClient(login: { access_token: string; refresh_token: string }) {
    const { sid } = JSON.parse(Buffer.from(login.access_token.split('.')[1], 'base64url').toString()) as { sid: string };
    await dataSource().query(`UPDATE "refresh_token_family" SET "auth_time" = "auth_time" - interval '1 hour' WHERE "id" = $1`, [sid]);
    const refreshed = await fetch(`${url()}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: login.refresh_token }),
    });
    return (await refreshed.json()) as { access_token: string };
  }
});
