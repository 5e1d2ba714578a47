import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { TokenVault } from '@rapidauth/vault';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { startCustomAdaptor, type CustomAdaptor } from '../../support/custom-adaptor';
import { basicAuth, postForm } from '../../support/requests';
import { freePort } from '../../support/server-process';
import { ACME_MOBILE, createTenant } from '../../support/tenant';

/** What the local backend received, one entry per request. */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
  readonly bodySha256: string;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A backend (node:http) that records every request; `/slow` answers after two seconds. */
async function startBackend(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const hash = createHash('sha256');
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, bodyBytes: bytes, bodySha256: hash.digest('hex') });
      const reply = () => {
        response.writeHead(201, {
          'content-type': 'application/json',
          'set-cookie': 'backend=1; Path=/',
          connection: 'x-backend-hop',
          'x-backend-hop': 'secret',
          'x-backend': 'orders',
        });
        response.end(JSON.stringify({ ok: true }));
      };
      if (request.url!.includes('/slow')) setTimeout(reply, 2000);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A raw HTTP request: fetch refuses to send hop-by-hop headers, which these tests need to send. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** The custom service's mappings: two headers from the vault's session, one from the profile, one the login lacks. */
const ORDERS_MAPPINGS = [
  { attribute: 'session', header: 'X-Kinvey-Auth' },
  { attribute: 'session', header: 'X-Upstream-Auth' },
  { attribute: 'groups', header: 'X-Groups' },
  { attribute: 'missing', header: 'X-Missing' },
];

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sid: string; sub: string };

/**
 * The data-link proxy against a local backend: users sign in through the custom connector (the
 * example adaptor, whose session token lands in the vault), and the backend records what reaches it.
 */
describe('data links: ANY /datalink/:name/* and the admin resource', () => {
  let adaptor: CustomAdaptor;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let serviceId: string;
  let linkId: string;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  const proxy = (path: string) => `${testbed.gateway.url}/datalink${path}`;
  const signIn = async (): Promise<{ access_token: string; refresh_token: string }> => {
    const response = await postForm(
      `${testbed.gateway.url}/oauth/token`,
      { grant_type: 'password', username: 'rita', password: 'rita password 123', scope: 'openid profile offline_access' },
      basicAuth(`${tenant.environment.appKey}.${serviceId}`, tenant.appSecret),
    );
    expect(response.status).toBe(200);
    return (await response.json()) as { access_token: string; refresh_token: string };
  };
  const createLink = (body: Record<string, unknown>) => api('POST', `/v1/environments/${tenant.environment.id}/data-links`, body);

  beforeAll(async () => {
    [adaptor, backend] = await Promise.all([startCustomAdaptor(), startBackend()]);
    adaptor.addUser({ username: 'rita', password: 'rita password 123', id: 'u-rita', attributes: { groups: ['agents', 'émigrés'] } });
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
    const service = await api('POST', '/v1/auth-services', {
      name: 'Own users',
      type: 'custom',
      scope: { environmentId: tenant.environment.id },
      config: {
        redirectUris: ACME_MOBILE.redirectUris,
        allowedAttributes: ['groups'],
        providerUri: adaptor.url,
        sharedSecret: adaptor.sharedSecret,
        headerMappings: ORDERS_MAPPINGS,
      },
    });
    expect(service.status).toBe(201);
    serviceId = service.body.id;
    await api('PUT', `/v1/environments/${tenant.environment.id}/identity`, { enabledServices: [tenant.localService.id, serviceId], defaultService: serviceId });
    const link = await createLink({ name: 'orders', backendUrl: `${backend.url}/api`, authServiceId: serviceId });
    expect(link.status).toBe(201);
    linkId = link.body.id;
  });

  afterAll(async () => {
    await testbed?.stop();
    await Promise.all([adaptor?.stop(), backend?.close()]);
  });

  it('forwards method, rest of path and query with the mapped Base64 headers; drops credentials, hop-by-hop and spoofed headers', async () => {
    const { access_token } = await signIn();
    const { sid } = claimsOf(access_token);
    const session = (await testbed.gateway.get(TokenVault).get(sid))!.session.value;
    const before = backend.received.length;

    const answer = await send(proxy('/orders/items/7?x=1&y=%20z'), {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${access_token}`,
        cookie: 'rapidauth_session=abc',
        connection: 'keep-alive, x-client-hop',
        'x-client-hop': 'drop me',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        'proxy-authorization': 'Basic eDp5',
        'x-kinvey-auth': 'spoofed',
        'X-Missing': 'spoofed too',
        'x-forwarded-for': '10.9.9.9',
        'x-trace': 'kept',
        'content-type': 'application/json',
      },
      body: Buffer.from('{"qty":2}'),
    });

    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toEqual({ ok: true });
    expect(answer.headers['x-backend']).toBe('orders');
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers['x-backend-hop']).toBeUndefined();

    expect(backend.received).toHaveLength(before + 1);
    const got = backend.received[before];
    expect(got).toMatchObject({ method: 'PUT', url: '/api/items/7?x=1&y=%20z', bodyBytes: 9 });
    expect(got.headers['x-kinvey-auth']).toBe(b64(session));
    expect(got.headers['x-upstream-auth']).toBe(b64(session));
    expect(got.headers['x-groups']).toBe(b64(JSON.stringify(['agents', 'émigrés'])));
    expect(got.headers['x-trace']).toBe('kept');
    expect(got.headers['content-type']).toBe('application/json');
    for (const dropped of ['authorization', 'cookie', 'x-client-hop', 'keep-alive', 'te', 'proxy-authorization', 'x-missing']) {
      expect(got.headers[dropped]).toBeUndefined();
    }
    expect(got.headers['x-forwarded-for']).not.toContain('10.9.9.9');
  });

  it('streams a body far above the gateway body limit, byte for byte', async () => {
    const { access_token } = await signIn();
    const body = randomBytes(8 * 1024 * 1024);
    const before = backend.received.length;
    const answer = await send(proxy('/orders/upload'), {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });
    expect(answer.status).toBe(201);
    expect(backend.received[before]).toMatchObject({ url: '/api/upload', bodyBytes: body.length, bodySha256: createHash('sha256').update(body).digest('hex') });
  });

  it('records each vault read as a vault.read audit event with the link, family and attributes', async () => {
    const { access_token } = await signIn();
    const { sid, sub } = claimsOf(access_token);
    expect((await send(proxy('/orders/ping'), { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(201);
    const events: Array<{ actor_type: string; actor_id: string; target_id: string; details: Record<string, unknown> }> =
      await testbed.gateway.running.runtime.database.dataSource.query(
        `SELECT "actor_type", "actor_id", "target_id", "details" FROM "audit_event" WHERE "action" = 'vault.read' AND "details" ->> 'familyId' = $1`,
        [sid],
      );
    expect(events).toEqual([{ actor_type: 'account', actor_id: sub, target_id: linkId, details: { dataLinkId: linkId, familyId: sid, attributes: ['session'] } }]);
  });

  describe('a DPoP-bound token (RFC 9449 §7)', () => {
    const newKey = async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const jwk = await exportJWK(publicKey);
      return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
    };
    const proof = (signer: { privateKey: CryptoKey; jwk: JWK }, htm: string, htu: string, accessToken?: string) =>
      new SignJWT({ htm, htu, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...(accessToken && { ath: createHash('sha256').update(accessToken).digest('base64url') }) })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: signer.jwk })
        .sign(signer.privateKey);

    it('is refused as Bearer, without a proof, by another key or with a replayed proof, and forwarded with its proof', async () => {
      const key = await newKey();
      const response = await fetch(`${testbed.gateway.url}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          DPoP: await proof(key, 'POST', `${testbed.gateway.url}/oauth/token`),
          ...basicAuth(`${tenant.environment.appKey}.${serviceId}`, tenant.appSecret),
        },
        body: new URLSearchParams({ grant_type: 'password', username: 'rita', password: 'rita password 123', scope: 'openid' }),
      });
      const { access_token, token_type } = (await response.json()) as { access_token: string; token_type: string };
      expect(token_type).toBe('DPoP');
      const url = proxy('/orders/items/9');
      const before = backend.received.length;
      const refusals: Record<string, string>[] = [
        { authorization: `Bearer ${access_token}` },
        { authorization: `DPoP ${access_token}` },
        { authorization: `DPoP ${access_token}`, dpop: await proof(await newKey(), 'GET', url, access_token) },
        { authorization: `DPoP ${access_token}`, dpop: await proof(key, 'GET', proxy('/orders/other'), access_token) },
      ];
      for (const headers of refusals) {
        const refused = await send(`${url}?q=1`, { headers });
        expect(refused.status).toBe(401);
        expect(refused.headers['www-authenticate']).toMatch(/^DPoP realm="rapidauth", error="invalid_token"/);
        expect(JSON.parse(refused.body)).toMatchObject({ error: 'invalid_token', code: 'INVALID_DPOP_PROOF' });
      }
      expect(backend.received).toHaveLength(before);

      const good = { authorization: `DPoP ${access_token}`, dpop: await proof(key, 'GET', url, access_token) };
      expect((await send(`${url}?q=1`, { headers: good })).status).toBe(201);
      expect(backend.received).toHaveLength(before + 1);
      expect(backend.received[before].headers.dpop).toBeUndefined();
      const replayed = await send(`${url}?q=1`, { headers: good });
      expect(replayed.status).toBe(401);
      expect(JSON.parse(replayed.body)).toMatchObject({ code: 'INVALID_DPOP_PROOF' });
      expect(backend.received).toHaveLength(before + 1);
    });

    it("is usable through openid-client's fetchProtectedResource with the DPoP handle it was bound by", async () => {
      const config = await oidc.discovery(new URL(testbed.gateway.url), `${tenant.environment.appKey}.${serviceId}`, tenant.appSecret, oidc.ClientSecretBasic(tenant.appSecret), {
        execute: [oidc.allowInsecureRequests],
      });
      const dpop = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
      const tokens = await oidc.genericGrantRequest(config, 'password', { username: 'rita', password: 'rita password 123', scope: 'openid' }, { DPoP: dpop });
      expect(tokens.token_type).toBe('dpop');
      const answer = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(proxy('/orders/items?via=openid-client')), 'GET', undefined, undefined, { DPoP: dpop });
      expect(answer.status).toBe(201);
      expect(await answer.json()).toEqual({ ok: true });
      expect(backend.received.at(-1)).toMatchObject({ method: 'GET', url: '/api/items?via=openid-client' });
    });
  });

  it('refuses a revoked login with 401 INVALID_TOKEN before anything reaches the backend', async () => {
    const { access_token, refresh_token } = await signIn();
    const revoked = await postForm(`${testbed.gateway.url}/oauth/revoke`, { token: refresh_token }, basicAuth(`${tenant.environment.appKey}.${serviceId}`, tenant.appSecret));
    expect(revoked.status).toBe(200);
    const before = backend.received.length;
    const answer = await send(proxy('/orders/items'), { method: 'POST', headers: { authorization: `Bearer ${access_token}` }, body: Buffer.from('x') });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_token', code: 'INVALID_TOKEN' });
    expect(backend.received).toHaveLength(before);
  });

  it.each([
    ['no token', undefined],
    ['a garbage token', 'Bearer not.a.token'],
  ])('refuses %s with 401 INVALID_TOKEN', async (_case, authorization) => {
    const before = backend.received.length;
    const answer = await send(proxy('/orders/items'), { headers: authorization ? { authorization } : {} });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'INVALID_TOKEN' });
    expect(backend.received).toHaveLength(before);
  });

  it('refuses a management token with 401 INVALID_TOKEN', async () => {
    const answer = await send(proxy('/orders/items'), { headers: { authorization: `Bearer ${testbed.root}` } });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('answers 403 SERVICE_MISMATCH for a token of another auth service, 404 UNKNOWN_DATA_LINK for unknown and disabled links', async () => {
    const { access_token } = await signIn();
    const headers = { authorization: `Bearer ${access_token}` };
    await createLink({ name: 'local-only', backendUrl: backend.url, authServiceId: tenant.localService.id });
    await createLink({ name: 'switched-off', backendUrl: backend.url, authServiceId: serviceId, enabled: false });
    const before = backend.received.length;

    const mismatch = await send(proxy('/local-only/x'), { headers });
    expect(mismatch.status).toBe(403);
    expect(JSON.parse(mismatch.body)).toMatchObject({ code: 'SERVICE_MISMATCH' });
    for (const path of ['/nope/x', '/switched-off/x', '/', '']) {
      const unknown = await send(proxy(path), { headers });
      expect([path, unknown.status, JSON.parse(unknown.body).code]).toEqual([path, 404, 'UNKNOWN_DATA_LINK']);
    }
    expect(backend.received).toHaveLength(before);
  });

  it('answers 502 when the backend is unreachable and 504 when it is slower than the timeout (UPSTREAM_UNAVAILABLE)', async () => {
    const { access_token } = await signIn();
    const headers = { authorization: `Bearer ${access_token}` };
    await createLink({ name: 'down', backendUrl: `http://127.0.0.1:${await freePort()}`, authServiceId: serviceId });
    await createLink({ name: 'sluggish', backendUrl: backend.url, authServiceId: serviceId, timeoutMs: 200 });

    const down = await send(proxy('/down/x'), { headers });
    expect(down.status).toBe(502);
    expect(JSON.parse(down.body)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const slow = await send(proxy('/sluggish/slow'), { headers });
    expect(slow.status).toBe(504);
    expect(JSON.parse(slow.body)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it("applies an admin's change of a link already served at once: disabled, re-pointed, deleted", async () => {
    const { access_token } = await signIn();
    const headers = { authorization: `Bearer ${access_token}` };
    const other = await startBackend();
    try {
      const created = await createLink({ name: 'changing', backendUrl: `${backend.url}/first`, authServiceId: serviceId });
      const id = created.body.id as string;
      expect((await send(proxy('/changing/x'), { headers })).status).toBe(201);
      expect(backend.received.at(-1)?.url).toBe('/first/x');

      expect((await api('PATCH', `/v1/data-links/${id}`, { enabled: false })).status).toBe(200);
      const disabled = await send(proxy('/changing/x'), { headers });
      expect([disabled.status, JSON.parse(disabled.body).code]).toEqual([404, 'UNKNOWN_DATA_LINK']);

      expect((await api('PATCH', `/v1/data-links/${id}`, { enabled: true, backendUrl: `${other.url}/second` })).status).toBe(200);
      expect((await send(proxy('/changing/x'), { headers })).status).toBe(201);
      expect(other.received.map((got) => got.url)).toEqual(['/second/x']);

      expect((await api('DELETE', `/v1/data-links/${id}`)).status).toBe(204);
      expect((await send(proxy('/changing/x'), { headers })).status).toBe(404);
      expect(other.received).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("applies a change of the service's header mappings to a link already served at once", async () => {
    const { access_token } = await signIn();
    const before = backend.received.length;
    expect((await send(proxy('/orders/mapped'), { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(201);
    expect(backend.received[before].headers['x-groups']).toBeDefined();
    const mappings = [{ attribute: 'groups', header: 'X-Team' }];
    expect((await api('PATCH', `/v1/auth-services/${serviceId}`, { config: { headerMappings: mappings } })).status).toBe(200);
    try {
      expect((await send(proxy('/orders/mapped'), { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(201);
      const got = backend.received[before + 1];
      expect(got.headers['x-team']).toBe(b64(JSON.stringify(['agents', 'émigrés'])));
      expect(got.headers['x-groups']).toBeUndefined();
    } finally {
      await api('PATCH', `/v1/auth-services/${serviceId}`, { config: { headerMappings: ORDERS_MAPPINGS } });
    }
  });

  describe('admin resource', () => {
    it('creates, lists, reads, updates and deletes a link, each change audited', async () => {
      const created = await createLink({ name: 'reports', backendUrl: 'https://reports.example.com/v2', authServiceId: serviceId });
      expect(created).toMatchObject({
        status: 201,
        body: { name: 'reports', backendUrl: 'https://reports.example.com/v2', authServiceId: serviceId, timeoutMs: 10000, enabled: true, environmentId: tenant.environment.id },
      });
      const id = created.body.id as string;
      const list = await api('GET', `/v1/environments/${tenant.environment.id}/data-links?limit=100`);
      expect(list.body.rows.map((item: { name: string }) => item.name)).toContain('reports');
      expect((await api('GET', `/v1/data-links/${id}`)).body).toMatchObject({ id, name: 'reports' });
      const patched = await api('PATCH', `/v1/data-links/${id}`, { timeoutMs: 30000, enabled: false });
      expect(patched.body).toMatchObject({ timeoutMs: 30000, enabled: false, name: 'reports' });
      expect((await api('DELETE', `/v1/data-links/${id}`)).status).toBe(204);
      expect((await api('GET', `/v1/data-links/${id}`)).status).toBe(404);
      const audit = await api('GET', `/v1/audit-events?organizationId=${tenant.organization.id}&limit=100`);
      const actions = audit.body.rows.filter((event: { targetId: string }) => event.targetId === id).map((event: { action: string }) => event.action);
      expect(actions.sort()).toEqual(['data_link.create', 'data_link.delete', 'data_link.update']);
    });

    it('refuses a second link of the same name in the environment with 409 NAME_TAKEN', async () => {
      const again = await createLink({ name: 'orders', backendUrl: backend.url, authServiceId: serviceId });
      expect(again).toMatchObject({ status: 409, body: { code: 'NAME_TAKEN', fields: [{ field: 'name' }] } });
    });

    it.each([
      ['a name that is no slug', { name: 'Orders!' }, 'name'],
      ['a non-http backend', { backendUrl: 'ftp://files.example.com' }, 'backendUrl'],
      ['credentials in the backend URL', { backendUrl: 'https://user:pw@orders.example.com' }, 'backendUrl'],
      ['a query in the backend URL', { backendUrl: 'https://orders.example.com/api?key=1' }, 'backendUrl'],
      ['a relative backend URL', { backendUrl: '/api' }, 'backendUrl'],
      ['a timeout below the floor', { timeoutMs: 10 }, 'timeoutMs'],
      ['a timeout above the ceiling', { timeoutMs: 600000 }, 'timeoutMs'],
      ['a fractional timeout', { timeoutMs: 1.5 }, 'timeoutMs'],
      ['a malformed service id', { authServiceId: 'nope' }, 'authServiceId'],
      ['an unknown field', { secret: 'x' }, 'secret'],
    ])('refuses %s with a field-level 400, saving nothing', async (_case, override, field) => {
      const name = `bad-${randomBytes(3).toString('hex')}`;
      const refused = await createLink({ name, backendUrl: 'https://orders.example.com', authServiceId: serviceId, ...override });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'INVALID_PARAMETER' });
      expect(refused.body.fields.map((problem: { field: string }) => problem.field)).toContain(field);
      const list = await api('GET', `/v1/environments/${tenant.environment.id}/data-links?limit=100`);
      expect(list.body.rows.map((item: { name: string }) => item.name)).not.toContain(name);
    });

    it.each([['name'], ['backendUrl'], ['authServiceId'], ['timeoutMs'], ['enabled']])('refuses a PATCH setting %s to null with a field-level 400', async (field) => {
      const refused = await api('PATCH', `/v1/data-links/${linkId}`, { [field]: null });
      expect(refused.status).toBe(400);
      expect(refused.body.fields.map((problem: { field: string }) => problem.field)).toContain(field);
      expect((await api('GET', `/v1/data-links/${linkId}`)).body).toMatchObject({ name: 'orders', enabled: true, timeoutMs: 10000 });
    });

    it("refuses an auth service outside the environment's reach with 404 on authServiceId", async () => {
      const other = await createTenant(testbed.gateway.provisioner);
      const refused = await createLink({ name: 'foreign', backendUrl: backend.url, authServiceId: other.localService.id });
      expect(refused).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', fields: [{ field: 'authServiceId' }] } });
      const patched = await api('PATCH', `/v1/data-links/${linkId}`, { authServiceId: other.localService.id });
      expect(patched.status).toBe(404);
    });
  });
});
