import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { TokenEndpoint } from '@rapidauth/oauth';
import { startRapidAuth, type RunningRapidAuth, type ServedApp } from '@rapidauth/runtime';
import { TenancyProvisioner } from '@rapidauth/tenancy';
import { SecretHasher } from '@rapidauth/vault';
import { expressOnlyGatewayApp, gatewayApp } from '../../../apps/auth-gateway/src/gateway.app';
import { installationSecrets } from '../../support/gateway-instance';
import { freePort, ServerProcess } from '../../support/server-process';
import { createTenant } from '../../support/tenant';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';

/**
 * The hot path (apps/auth-gateway/src/hot-path) serves POST /oauth/token and /oauth/introspect
 * without Express. Each request here goes, byte for byte, to a gateway with it and to the same
 * gateway served by Express alone (`expressOnlyGatewayApp`, i.e. before the hot path), and the raw
 * answers must be the same: status line, every header in order (but Date), body. What the other
 * suites do not cover: TRUST_PROXY, body limits, content types, duplicate and bracketed
 * parameters, preflights and other methods (still Express's), unexpected errors, request lines.
 */
describe('the hot path answers as Express does', () => {
  let scratch: ScratchDatabase;
  const secrets = installationSecrets();
  /** [hot path, Express only], trusting the loopback proxy, and the same pair trusting none. */
  const trusted: Instance[] = [];
  const untrusted: Instance[] = [];
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let confidential: { clientId: string; clientSecret: string };
  let token: string;

  interface Instance {
    readonly label: string;
    readonly port: number;
    readonly running: RunningRapidAuth;
  }

  const start = async (label: string, app: ServedApp, env: NodeJS.ProcessEnv, publicUrl?: string): Promise<Instance> => {
    const port = await freePort();
    const running = await startRapidAuth([app], {
      ...secrets,
      DATABASE_URL: scratch.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_PORT: String(await freePort()),
      // One issuer for all, so that a token of one is valid at every other.
      PUBLIC_URL: publicUrl ?? `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
      LOGIN_RATE_LIMIT: '2',
      ...env,
    });
    return { label, port, running };
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
    const first = await start('hot path, trusted proxy', gatewayApp, { TRUST_PROXY: 'loopback' });
    const issuer = `http://127.0.0.1:${first.port}`;
    trusted.push(first, await start('Express, trusted proxy', expressOnlyGatewayApp, { TRUST_PROXY: 'loopback' }, issuer));
    untrusted.push(await start('hot path', gatewayApp, {}, issuer), await start('Express', expressOnlyGatewayApp, {}, issuer));
    const provisioner = new TenancyProvisioner(first.running.runtime.database.dataSource, new SecretHasher(first.running.runtime.config.secretPepper.reveal()));
    tenant = await createTenant(provisioner);
    const created = await provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Browser backend-for-frontend',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      allowedOrigins: ['https://app.example.com'],
    });
    confidential = { clientId: created.client.clientId, clientSecret: created.clientSecret! };
    const issued = await send(first, post('/oauth/token', 'grant_type=client_credentials', [form, envBasic()]));
    token = (JSON.parse(issued.body) as { access_token: string }).access_token;
    expect(token).toEqual(expect.any(String));
  });

  afterAll(async () => {
    for (const instance of [...trusted, ...untrusted]) await instance.running.stop();
    await scratch?.drop();
  });

  const basic = (id: string, secret: string): Header => ['Authorization', `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`];
  const envBasic = () => basic(tenant.environment.appKey, tenant.appSecret);
  const form: Header = ['Content-Type', 'application/x-www-form-urlencoded'];
  const post = (path: string, body: string | Buffer, headers: Header[] = [form]): RawRequest => ({ method: 'POST', path, headers, body });

  /** Same answer from both (the pair's first is the hot path), and that answer. */
  const same = async (pair: Instance[], request: RawRequest, normalize = (answer: RawAnswer) => answer): Promise<RawAnswer> => {
    const [hot, express] = await Promise.all(pair.map((instance) => send(instance, request)));
    expect(normalize(hot)).toEqual(normalize(express));
    return hot;
  };

  it('refuses bodies over 64 KiB, or over 1000 parameters, with the 413 of the body parser', async () => {
    const tooLarge = { error: 'invalid_request', error_description: 'request body too large', code: 'REQUEST_TOO_LARGE' };
    for (const path of ['/oauth/token', '/oauth/introspect']) {
      for (const body of [`grant_type=client_credentials&pad=${'x'.repeat(64 * 1024)}`, `grant_type=client_credentials${'&a'.repeat(1000)}`]) {
        const answer = await same(untrusted, post(path, body, [form, envBasic()]));
        expect(answer.status).toBe('HTTP/1.1 413 Payload Too Large');
        expect(JSON.parse(answer.body)).toEqual(tooLarge);
        // Refused before the endpoint: no CORS, no Cache-Control.
        expect(answer.headers.map(([name]) => name)).toEqual(['Content-Type', 'Content-Length', 'Connection']);
      }
    }
  });

  it('takes application/x-www-form-urlencoded only, as before', async () => {
    const malformed = { error: 'invalid_request', error_description: 'the request body must be application/x-www-form-urlencoded', code: 'MALFORMED_REQUEST' };
    for (const path of ['/oauth/token', '/oauth/introspect']) {
      for (const type of ['text/plain', 'application/json']) {
        const answer = await same(untrusted, post(path, '{"grant_type":"client_credentials"}', [['Content-Type', type], envBasic()]));
        expect(answer.status).toBe('HTTP/1.1 400 Bad Request');
        expect(JSON.parse(answer.body)).toEqual(malformed);
      }
      await same(untrusted, post(path, 'grant_type=client_credentials', [envBasic()]));
      await same(untrusted, post(path, '{"grant_type":', [['Content-Type', 'application/json'], envBasic()]));
      await same(untrusted, post(path, 'grant_type=client_credentials', [['Content-Type', 'application/x-www-form-urlencoded; charset=utf8'], envBasic()]));
    }
  });

  it('refuses repeated parameters, and reads bracketed names as qs does', async () => {
    for (const path of ['/oauth/token', '/oauth/introspect']) {
      const answer = await same(untrusted, post(path, `grant_type=client_credentials&token=${token}&scope=a&scope=b&5=x&5=y`, [form, envBasic()]));
      expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_request', error_description: '5 must be given once, as a string', code: 'DUPLICATE_PARAMETER' });
      await same(untrusted, post(path, `[grant_type]=nope&[token]=x&%5B0%5D=a&[0]=b`, [form, envBasic()]));
    }
  });

  it('answers introspection, and the token errors with their headers (CORS, challenges), byte for byte', async () => {
    const introspection = await same(untrusted, post('/oauth/introspect', `token=${token}`, [form, envBasic()]));
    expect(JSON.parse(introspection.body)).toMatchObject({ active: true, client_id: tenant.environment.appKey });
    const refused = await same(untrusted, post('/oauth/token', 'grant_type=client_credentials', [form, basic(confidential.clientId, confidential.clientSecret), ['Origin', 'https://evil.example']]));
    expect(refused.headers.slice(0, 4)).toEqual([
      ['Access-Control-Allow-Origin', 'https://evil.example'],
      ['Vary', 'Origin'],
      ['Pragma', 'no-cache'],
      ['Cache-Control', 'no-store'],
    ]);
    const challenged = await same(untrusted, post('/oauth/token', 'grant_type=client_credentials', [form, basic(tenant.environment.appKey, 'wrong')]));
    expect(challenged.headers).toContainEqual(['WWW-Authenticate', 'Basic realm="rapidauth", charset="UTF-8"']);
    // A token answer: the same but for the token itself; no ETag (a no-store answer needs no validator).
    const tokens = await same(untrusted, post('/oauth/token', 'grant_type=client_credentials', [form, basic(confidential.clientId, confidential.clientSecret), ['Origin', 'https://app.example.com']]), withoutToken);
    expect(tokens.status).toBe('HTTP/1.1 200 OK');
    expect(withoutToken(tokens).headers.map(([name]) => name)).toEqual(['Access-Control-Allow-Origin', 'Vary', 'Pragma', 'Cache-Control', 'Content-Type', 'Content-Length', 'Connection']);
  });

  it('answers a token request with a DPoP proof (Express serves it) as the hot path answers one without, but bound', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    const issuer = untrusted[0].running.runtime.config.publicUrl;
    const proof = (claims: Record<string, unknown> = {}) =>
      new SignJWT({ htm: 'POST', htu: `${issuer}/oauth/token`, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...claims })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .sign(privateKey);
    const headers = (extra: Header[] = []): Header[] => [form, basic(confidential.clientId, confidential.clientSecret), ['Origin', 'https://app.example.com'], ...extra];
    const tokenRequest = (extra: Header[] = []) => post('/oauth/token', 'grant_type=client_credentials', headers(extra));
    /** The DPoP token answer without the token type, whose length is the only other difference from a Bearer one. */
    const asPlain = (answer: RawAnswer) => {
      const plain = withoutToken(answer);
      return { ...plain, headers: plain.headers.filter(([name]) => name !== 'Content-Length'), body: plain.body.replace('"token_type":"DPoP"', '"token_type":"Bearer"') };
    };

    // Each proof is single use across instances, so each gateway gets its own.
    const [hot, express] = await Promise.all(untrusted.map(async (instance) => send(instance, tokenRequest([['DPoP', await proof()]]))));
    expect(withoutToken(hot)).toEqual(withoutToken(express));
    expect(hot.status).toBe('HTTP/1.1 200 OK');
    const body = JSON.parse(hot.body) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('DPoP');
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: expect.any(String) });
    const plain = await send(untrusted[0], tokenRequest());
    expect(JSON.parse(plain.body)).toMatchObject({ token_type: 'Bearer' });
    expect(asPlain(hot)).toEqual(asPlain(plain));

    const refused = await same(untrusted, tokenRequest([['DPoP', 'garbage']]));
    expect(refused.status).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'invalid_dpop_proof', code: 'INVALID_DPOP_PROOF' });
  });

  it('leaves other methods and preflights to Express, as they were', async () => {
    for (const path of ['/oauth/token', '/oauth/introspect']) {
      const get = await same(untrusted, { method: 'GET', path, headers: [envBasic()] });
      expect(get.status).toBe('HTTP/1.1 404 Not Found');
      expect(JSON.parse(get.body)).toEqual({ error: 'not_found', error_description: 'no such endpoint', code: 'NOT_FOUND' });
      await same(untrusted, post(`${path}/`, 'grant_type=client_credentials', [form, envBasic()]), withoutToken);
    }
    const preflight = await same(untrusted, { method: 'OPTIONS', path: '/oauth/token', headers: [['Origin', 'https://app.example.com'], ['Access-Control-Request-Method', 'POST']] });
    expect(preflight.status).toBe('HTTP/1.1 204 No Content');
    expect(preflight.headers).toContainEqual(['Access-Control-Allow-Headers', 'Authorization, Content-Type']);
  });

  it('answers an unexpected error with server_error and a reference, as OAuthErrorFilter does', async () => {
    const handle = jest.spyOn(TokenEndpoint.prototype, 'serve').mockRejectedValue(new Error('the database is on fire'));
    try {
      const answer = await same(untrusted, post('/oauth/token', 'grant_type=client_credentials', [form, envBasic()]), withoutReference);
      expect(answer.status).toBe('HTTP/1.1 500 Internal Server Error');
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'server_error', code: 'SERVER_ERROR', error_description: expect.stringMatching(/^unexpected error; reference [0-9a-f-]{36}$/) });
      expect(handle).toHaveBeenCalledTimes(2);
    } finally {
      handle.mockRestore();
    }
  });

  it('honours X-Forwarded-For exactly when TRUST_PROXY trusts the hop (the sign-in limit is per address)', async () => {
    // LOGIN_RATE_LIMIT=2 per address and username: a third attempt from one address is refused.
    const statuses = async (instance: Instance, username: string) => {
      const attempt = async (address: string) =>
        (await send(instance, post('/oauth/token', `grant_type=password&username=${username}&password=wrong`, [form, envBasic(), ['X-Forwarded-For', address]]))).status.split(' ')[1];
      return [await attempt('203.0.113.1'), await attempt('203.0.113.1'), await attempt('203.0.113.1'), await attempt('203.0.113.2')];
    };
    for (const [pair, expected] of [
      [trusted, ['400', '400', '429', '400']],
      [untrusted, ['400', '400', '429', '429']],
    ] as const) {
      for (const instance of pair) expect({ [instance.label]: await statuses(instance, `someone-${instance.port}`) }).toEqual({ [instance.label]: expected });
    }
  });

  it('logs request lines at LOG_LEVEL=info, with the request id, as for Express routes', async () => {
    const port = await freePort();
    const server = ServerProcess.start('gateway', { ...secrets, DATABASE_URL: scratch.url, PORT: String(port), ADMIN_PORT: String(await freePort()), LOG_LEVEL: 'info' });
    try {
      await server.waitFor(`http://127.0.0.1:${port}/health`);
      const instance = { port } as Instance;
      await send(instance, post('/oauth/token', 'grant_type=client_credentials', [form, basic(tenant.environment.appKey, 'wrong'), ['X-Request-Id', 'hot-path-1']]));
      await send(instance, { method: 'GET', path: '/oauth/token', headers: [['X-Request-Id', 'express-1']] });
      const line = async (id: string) => {
        for (let i = 0; i < 50 && !server.stdout.includes(`"id":"${id}"`); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        return server.stdout
          .split('\n')
          .flatMap((text): LogLine[] => {
            try {
              return [JSON.parse(text) as LogLine];
            } catch {
              return [];
            }
          })
          .find((entry) => entry.req?.id === id && entry.msg);
      };
      const hot = await line('hot-path-1');
      const express = await line('express-1');
      expect(hot).toMatchObject({ level: 30, app: 'gateway', msg: 'request completed', req: { id: 'hot-path-1', method: 'POST', url: '/oauth/token', remoteAddress: '127.0.0.1' } });
      // Response headers are never logged (a Location carries codes and login transactions).
      expect(hot?.res).toEqual({ statusCode: 401 });
      expect(Object.keys(hot ?? {}).sort()).toEqual(Object.keys(express ?? {}).sort());
    } finally {
      await server.stop();
    }
  });
});

type Header = [name: string, value: string];

/** One JSON line of the server's log. */
interface LogLine {
  readonly msg?: string;
  readonly req?: { id?: string };
  readonly res?: unknown;
  readonly [key: string]: unknown;
}

interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: readonly Header[];
  readonly body?: string | Buffer;
}

interface RawAnswer {
  readonly status: string;
  /** In order, as sent, without Date. */
  readonly headers: Header[];
  readonly body: string;
}

/** One request on its own connection, written as given; the answer as received. */
function send(instance: { port: number }, request: RawRequest): Promise<RawAnswer> {
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const lines = [`${request.method} ${request.path} HTTP/1.1`, 'Host: 127.0.0.1', ...request.headers.map(([name, value]) => `${name}: ${value}`)];
  if (request.body !== undefined) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`, 'latin1');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(instance.port, '127.0.0.1', () => socket.write(Buffer.concat([head, body])));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk)).on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [status, ...headerLines] = text.slice(0, split).split('\r\n');
      const headers = headerLines.map((line): Header => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]);
      resolve({ status, headers: headers.filter(([name]) => name !== 'Date'), body: text.slice(split + 4) });
    });
  });
}

/** A token answer without what differs between two issued tokens (the JWT). */
function withoutToken(answer: RawAnswer): RawAnswer {
  return {
    ...answer,
    body: answer.body.replace(/"access_token":"[\w-]+\.[\w-]+\.[\w-]+"/, '"access_token":"(jwt)"'),
  };
}

/** A server_error answer without its random reference. */
function withoutReference(answer: RawAnswer): RawAnswer {
  return {
    ...answer,
    body: answer.body.replace(/reference [0-9a-f-]{36}/, 'reference (id)'),
  };
}
