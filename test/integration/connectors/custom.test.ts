import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ConnectorError, ConnectorRegistry, type Connector, type LoginContext, type OpenedService } from '@rapidauth/connectors';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeaders, signatureProblem } from '../../../libs/connectors/src/custom/adaptor-signature';
import { openCustom } from '../../../libs/connectors/src/custom/custom.connector';
import { startCustomAdaptor, type CustomAdaptor } from '../../support/custom-adaptor';
import { freePort } from '../../support/server-process';

/**
 * The custom connector against the example adaptor (examples/custom-adaptor) as a real child
 * process, and against small local servers that answer what a broken or hostile adaptor would.
 */
const registry = new ConnectorRegistry();
const CONTEXT: LoginContext = { environmentId: 'env-1', requestId: 'req-1', ip: '127.0.0.1', now: new Date() };
const ALICE = { username: 'alice', password: 'correct horse battery' };

function connectorFor(url: string, sharedSecret: string, timeoutMs = 2000): Connector {
  const { config, secrets } = registry.validate('custom', { redirectUris: [], allowedAttributes: [], providerUri: url, sharedSecret, timeoutMs });
  const opened: OpenedService = { id: 'svc-1', type: 'custom', organizationId: 'org-1', environmentId: 'env-1', config, secrets, updatedAt: new Date() };
  return openCustom(opened);
}

/** How a connector call ended: the ConnectorError, or 'ok'. */
async function outcome(call: Promise<unknown>): Promise<ConnectorError | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
}

const codeOf = async (call: Promise<unknown>) => {
  const ended = await outcome(call);
  return ended === 'ok' ? ended : ended.code;
};

/** An UPSTREAM_UNAVAILABLE whose message names neither the URL nor the secret, and its detail. */
async function unavailable(call: Promise<unknown>, url: string, secret: string): Promise<string> {
  const ended = await outcome(call);
  if (ended === 'ok') throw new Error('expected UPSTREAM_UNAVAILABLE, the call succeeded');
  expect(ended.code).toBe('UPSTREAM_UNAVAILABLE');
  for (const text of [ended.message, ended.detail ?? '']) {
    expect(text).not.toContain(new URL(url).host);
    expect(text).not.toContain(secret);
  }
  return ended.detail ?? '';
}

interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

async function listening(handler: RequestListener): Promise<Listening> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/adaptor`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

interface Scripted extends Listening {
  readonly requests: Array<{ headers: IncomingHttpHeaders; body: string }>;
}

type Answer = { status: number; body: string | Buffer; sign?: { secret: string; at?: Date; over?: string } | false; headers?: Record<string, string> };

/** A local server answering each request with `answer(request)`, signed as it says; `hang` never answers. */
async function scripted(answer: ((body: string) => Answer) | 'hang'): Promise<Scripted> {
  const requests: Scripted['requests'] = [];
  const server = await listening((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: request.headers, body });
      if (answer === 'hang') return;
      const { status, body: out, sign, headers } = answer(body);
      const signed = sign ? signatureHeaders(sign.secret, sign.over ?? out, sign.at) : {};
      response.writeHead(status, { 'content-type': 'application/json', ...headers, ...signed });
      response.end(out);
    });
  });
  return { ...server, requests };
}

const SECRET = 'scripted-adaptor-secret-0123456789abcdef';
const IDENTITY = JSON.stringify({ id: 'u-9', username: 'zed' });
const signedBy = (secret: string, extra: Partial<Answer> = {}) => (): Answer => ({ status: 200, body: IDENTITY, sign: { secret }, ...extra });

describe('custom connector with the example adaptor', () => {
  let adaptor: CustomAdaptor;
  let connector: Connector;

  beforeAll(async () => {
    adaptor = await startCustomAdaptor({ env: { ADAPTOR_MAX_FAILURES: '3', ADAPTOR_LOCK_SECONDS: '120' } });
    adaptor.addUser({ ...ALICE, id: 'u-1', email: 'alice@example.com', attributes: { groups: ['staff', 'vpn'], department: 'R&D' } });
    adaptor.addUser({ username: 'dora', password: 'dora password 1', id: 'u-2', disabled: true });
    adaptor.addUser({ username: 'lena', password: 'lena password 1', id: 'u-3' });
    adaptor.addUser({ username: 'rita', password: 'rita password 1', id: 'u-4' });
    connector = connectorFor(adaptor.url, adaptor.sharedSecret);
  });

  afterAll(() => adaptor?.stop());

  it('signs in with the attributes and a session token for the vault', async () => {
    const identity = await connector.formLogin!.login(ALICE, CONTEXT);
    expect(identity).toEqual({
      providerUid: 'u-1',
      username: 'alice',
      email: 'alice@example.com',
      attributes: { groups: ['staff', 'vpn'], department: 'R&D' },
      tokens: { session: { value: expect.any(String), expiresAt: expect.any(Date) } },
    });
    const expiresIn = identity.tokens!.session.expiresAt!.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
    expect(await codeOf(connector.formLogin!.login({ username: 'ALICE', password: ALICE.password }, CONTEXT))).toBe('ok');
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    expect(await codeOf(connector.formLogin!.login({ ...ALICE, password: 'wrong' }, CONTEXT))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(connector.formLogin!.login({ username: 'nobody', password: 'whatever' }, CONTEXT))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(connector.formLogin!.login({ ...ALICE, password: '' }, CONTEXT))).toBe('INVALID_CREDENTIALS');
  });

  it('says a disabled account is disabled, but only to its password', async () => {
    expect(await codeOf(connector.formLogin!.login({ username: 'dora', password: 'dora password 1' }, CONTEXT))).toBe('ACCOUNT_DISABLED');
    expect(await codeOf(connector.formLogin!.login({ username: 'dora', password: 'guess' }, CONTEXT))).toBe('INVALID_CREDENTIALS');
  });

  it('passes on the adaptor lockout with its Retry-After', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await codeOf(connector.formLogin!.login({ username: 'lena', password: 'wrong' }, CONTEXT))).toBe('INVALID_CREDENTIALS');
    }
    const locked = await outcome(connector.formLogin!.login({ username: 'lena', password: 'lena password 1' }, CONTEXT));
    expect(locked).toMatchObject({ code: 'IDENTITY_TEMPORARILY_LOCKED' });
    expect((locked as ConnectorError).retryAfterSeconds).toBeGreaterThan(100);
    expect((locked as ConnectorError).retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it('is refused by the adaptor when signing with another secret', async () => {
    const wrong = connectorFor(adaptor.url, 'not-the-adaptor-secret-0123456789abc');
    const detail = await unavailable(wrong.formLogin!.login(ALICE, CONTEXT), adaptor.url, 'not-the-adaptor-secret-0123456789abc');
    expect(detail).toMatch(/HTTP 403/);
  });

  describe('the adaptor checks every request', () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(adaptor.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const login = JSON.stringify({ op: 'login', ...ALICE, service: { id: 'svc-1' }, environment: { id: 'env-1' }, requestId: 'r' });

    async function refusal(response: Response) {
      const body = await response.text();
      // Its refusals are signed too: the gateway can tell them from a proxy's.
      expect(signatureProblem(adaptor.sharedSecret, { timestamp: response.headers.get(TIMESTAMP_HEADER), signature: response.headers.get(SIGNATURE_HEADER) }, body)).toBeUndefined();
      return { status: response.status, ...JSON.parse(body) };
    }

    it('refuses a bad, missing or stale signature', async () => {
      expect(await refusal(await post(login, signatureHeaders('another-secret-0123456789abcdef0123', login)))).toEqual({ status: 403, error: 'INVALID_SIGNATURE' });
      expect(await refusal(await post(login, {}))).toEqual({ status: 403, error: 'INVALID_SIGNATURE' });
      const tampered = signatureHeaders(adaptor.sharedSecret, login.replace('alice', 'mallory'));
      expect(await refusal(await post(login, tampered))).toEqual({ status: 403, error: 'INVALID_SIGNATURE' });
      const stale = signatureHeaders(adaptor.sharedSecret, login, new Date(Date.now() - 61_000));
      expect(await refusal(await post(login, stale))).toEqual({ status: 403, error: 'STALE_TIMESTAMP' });
      const ahead = signatureHeaders(adaptor.sharedSecret, login, new Date(Date.now() + 65_000));
      expect(await refusal(await post(login, ahead))).toEqual({ status: 403, error: 'STALE_TIMESTAMP' });
      expect((await refusal(await post(login, signatureHeaders(adaptor.sharedSecret, login)))).status).toBe(200);
    });

    it('answers a signed ping, and refuses what is not the protocol', async () => {
      const ping = JSON.stringify({ op: 'ping' });
      expect(await refusal(await post(ping, signatureHeaders(adaptor.sharedSecret, ping)))).toEqual({ status: 200, ok: true });
      const other = JSON.stringify({ op: 'delete-everything' });
      expect(await refusal(await post(other, signatureHeaders(adaptor.sharedSecret, other)))).toEqual({ status: 400, error: 'UNKNOWN_OP' });
      expect(await refusal(await post('not json', signatureHeaders(adaptor.sharedSecret, 'not json')))).toEqual({ status: 400, error: 'BAD_REQUEST' });
      expect(await refusal(await fetch(adaptor.url))).toEqual({ status: 405, error: 'METHOD_NOT_ALLOWED' });
      const large = JSON.stringify({ op: 'login', username: 'x'.repeat(70_000), password: 'p' });
      expect(await refusal(await post(large, signatureHeaders(adaptor.sharedSecret, large)))).toEqual({ status: 413, error: 'TOO_LARGE' });
    });
  });

  it('refreshes a user still there, and fails the refresh once the user is disabled or gone', async () => {
    const rita = await connector.formLogin!.login({ username: 'rita', password: 'rita password 1' }, CONTEXT);
    const refreshed = await connector.refresh!.refresh({ providerUid: rita.providerUid, tokens: rita.tokens }, CONTEXT);
    expect(refreshed).toMatchObject({ providerUid: 'u-4', username: 'rita', tokens: { session: { value: expect.any(String) } } });
    expect(refreshed!.tokens!.session.value).not.toBe(rita.tokens!.session.value);
    adaptor.editUsers((users) => users.map((user) => (user.id === 'u-4' ? { ...user, disabled: true } : user)));
    expect(await codeOf(connector.refresh!.refresh({ providerUid: 'u-4' }, CONTEXT))).toBe('UPSTREAM_REFRESH_FAILED');
    expect(await codeOf(connector.refresh!.refresh({ providerUid: 'u-gone' }, CONTEXT))).toBe('UPSTREAM_REFRESH_FAILED');
  });

  it('tests the connection: connect and signature, then a probe login', async () => {
    const checks = await connector.tester!.test();
    expect(checks.map(({ name, ok }) => ({ name, ok }))).toEqual([
      { name: 'connect', ok: true },
      { name: 'signature', ok: true },
    ]);
    for (const check of checks) expect(check.ms).toBeGreaterThanOrEqual(0);
    const probed = await connector.tester!.test(ALICE);
    expect(probed.map(({ name, ok }) => ({ name, ok }))).toEqual([
      { name: 'connect', ok: true },
      { name: 'signature', ok: true },
      { name: 'probe', ok: true },
    ]);
    expect(probed[2].detail).toContain('u-1');
    const refused = await connector.tester!.test({ ...ALICE, password: 'wrong' });
    expect(refused[2]).toMatchObject({ name: 'probe', ok: false, detail: expect.stringContaining('INVALID_CREDENTIALS') });
    expect(JSON.stringify(refused)).not.toContain('wrong');
  });

  it('tests the connection with another secret: connected, signature refused, no secret in the details', async () => {
    const secret = 'not-the-adaptor-secret-0123456789abc';
    const checks = await connectorFor(adaptor.url, secret).tester!.test(ALICE);
    expect(checks.map(({ name, ok }) => ({ name, ok }))).toEqual([
      { name: 'connect', ok: true },
      { name: 'signature', ok: false },
    ]);
    expect(checks[1].detail).toMatch(/does not match/);
    const text = JSON.stringify(checks);
    for (const hidden of [secret, adaptor.sharedSecret, new URL(adaptor.url).host, ALICE.password]) expect(text).not.toContain(hidden);
  });
});

describe('custom connector against a broken or hostile adaptor', () => {
  const servers: Listening[] = [];
  const serve = async (answer: Parameters<typeof scripted>[0]) => {
    const server = await scripted(answer);
    servers.push(server);
    return server;
  };
  const serveRaw = async (handler: RequestListener) => {
    const server = await listening(handler);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  const login = (url: string, secret = SECRET, timeoutMs?: number) => connectorFor(url, secret, timeoutMs).formLogin!.login(ALICE, CONTEXT);

  it('sends the login as the protocol says, signed', async () => {
    const server = await serve(signedBy(SECRET));
    expect(await login(server.url)).toEqual({ providerUid: 'u-9', username: 'zed', attributes: {} });
    const [{ headers, body }] = server.requests;
    expect(JSON.parse(body)).toEqual({ op: 'login', ...ALICE, service: { id: 'svc-1' }, environment: { id: 'env-1' }, requestId: 'req-1' });
    expect(headers['content-type']).toBe('application/json');
    const timestamp = headers[TIMESTAMP_HEADER] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(signatureProblem(SECRET, { timestamp, signature: headers[SIGNATURE_HEADER] as string }, body)).toBeUndefined();
  });

  it.each([
    ['signed with another secret', signedBy('another-secret-0123456789abcdef0123')],
    ['not signed', signedBy(SECRET, { sign: false })],
    ['signed over another body (tampered)', signedBy(SECRET, { sign: { secret: SECRET, over: JSON.stringify({ id: 'u-1' }) } })],
    // The time is taken when the answer is made, not when the table is: a slow run must not age it.
    ['signed 61 s ago', () => signedBy(SECRET, { sign: { secret: SECRET, at: new Date(Date.now() - 61_000) } })()],
    // Whole seconds on both sides: 61 s ahead may read as 60 once the clock ticks; 65 s cannot.
    ['signed 65 s ahead', () => signedBy(SECRET, { sign: { secret: SECRET, at: new Date(Date.now() + 65_000) } })()],
  ])('refuses an answer %s', async (_case, answer) => {
    const server = await serve(answer);
    const detail = await unavailable(login(server.url), server.url, SECRET);
    expect(detail).toMatch(/HTTP 200 answer refused/);
  });

  it.each([
    ['not JSON', signedBy(SECRET, { body: '<html>oops</html>' }), /not JSON/],
    ['a signed 500', signedBy(SECRET, { status: 500, body: '{"error":"boom"}' }), /HTTP 500/],
    ['a signed 404 to a login', signedBy(SECRET, { status: 404, body: '{}' }), /HTTP 404/],
    ['an answer over 64 KiB', signedBy(SECRET, { body: JSON.stringify({ id: 'u-9', attributes: { blob: 'x'.repeat(70_000) } }) }), /larger than/],
  ])('answers UPSTREAM_UNAVAILABLE to %s', async (_case, answer, detail) => {
    const server = await serve(answer);
    expect(await unavailable(login(server.url), server.url, SECRET)).toMatch(detail);
  });

  it('passes on a 503 with its Retry-After', async () => {
    const server = await serve(signedBy(SECRET, { status: 503, body: '{}', headers: { 'retry-after': '30' } }));
    expect(await outcome(login(server.url))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 30 });
  });

  it('does not follow a redirect: the password goes only to the configured URL', async () => {
    const elsewhere = await serve(signedBy(SECRET));
    const redirecting = await serve(() => ({ status: 307, body: '{}', sign: { secret: SECRET }, headers: { location: elsewhere.url } }));
    expect(await unavailable(login(redirecting.url), redirecting.url, SECRET)).toMatch(/HTTP 307/);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('refuses a signed answer it cannot accept as an identity', async () => {
    const server = await serve(signedBy(SECRET, { body: JSON.stringify({ id: '', username: 'zed' }) }));
    expect(await codeOf(login(server.url))).toBe('UPSTREAM_REJECTED');
    const unknown = await serve(signedBy(SECRET, { status: 401, body: JSON.stringify({ error: 'NOT_A_CODE' }) }));
    expect(await codeOf(login(unknown.url))).toBe('UPSTREAM_REJECTED');
  });

  it('gives up within timeoutMs on an adaptor that never answers', async () => {
    const server = await serve('hang');
    const started = performance.now();
    const detail = await unavailable(login(server.url, SECRET, 300), server.url, SECRET);
    const elapsed = performance.now() - started;
    expect(detail).toMatch(/no answer within 300 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('gives up within timeoutMs on an answer whose body never ends', async () => {
    const { url } = await serveRaw((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"id":');
    });
    const started = performance.now();
    expect(await unavailable(login(url, SECRET, 300), url, SECRET)).toMatch(/no answer within 300 ms/);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('stops reading a streamed answer that grows past 64 KiB', async () => {
    const { url } = await serveRaw((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const more = (): void => {
        if (!response.destroyed) response.write(chunk, () => setImmediate(more));
      };
      more();
    });
    expect(await unavailable(login(url), url, SECRET)).toMatch(/larger than 65536 bytes/);
  });

  it('answers UPSTREAM_UNAVAILABLE when the connection is refused', async () => {
    const url = `http://127.0.0.1:${await freePort()}/adaptor`;
    expect(await unavailable(login(url), url, SECRET)).toMatch(/ECONNREFUSED/);
    const checks = await connectorFor(url, SECRET).tester!.test();
    expect(checks).toEqual([{ name: 'connect', ok: false, detail: expect.stringMatching(/ECONNREFUSED/), ms: expect.any(Number) }]);
  });

  describe('refresh', () => {
    const refresh = (url: string) => connectorFor(url, SECRET).refresh!.refresh({ providerUid: 'u-9', tokens: { session: { value: 'tok', expiresAt: new Date(1_772_366_400_000) } } }, CONTEXT);

    it('sends the stored tokens; a signed 404 means the adaptor has no refresh', async () => {
      const server = await serve(signedBy(SECRET, { status: 404, body: '{"error":"NOT_FOUND"}' }));
      expect(await refresh(server.url)).toBeNull();
      expect(JSON.parse(server.requests[0].body)).toEqual({ op: 'refresh', providerUid: 'u-9', tokens: { session: { value: 'tok', expiresAt: 1_772_366_400 } } });
    });

    it('takes an unsigned 404 for a proxy, not the adaptor', async () => {
      const server = await serve(signedBy(SECRET, { status: 404, body: '{}', sign: false }));
      await unavailable(refresh(server.url), server.url, SECRET);
    });

    it('fails the refresh on a 401 or an answer naming another user; a 500 fails nothing', async () => {
      const refused = await serve(signedBy(SECRET, { status: 401, body: '{"error":"ACCOUNT_DISABLED"}' }));
      expect(await codeOf(refresh(refused.url))).toBe('UPSTREAM_REFRESH_FAILED');
      const other = await serve(signedBy(SECRET, { body: JSON.stringify({ id: 'u-1' }) }));
      expect(await codeOf(refresh(other.url))).toBe('UPSTREAM_REFRESH_FAILED');
      const broken = await serve(signedBy(SECRET, { status: 500, body: '{}' }));
      expect(await codeOf(refresh(broken.url))).toBe('UPSTREAM_UNAVAILABLE');
    });
  });

  it('tests the connection: a signed answer that is not 200 fails the signature check', async () => {
    const server = await serve(signedBy(SECRET, { status: 400, body: '{"error":"UNKNOWN_OP"}' }));
    const checks = await connectorFor(server.url, SECRET).tester!.test();
    expect(checks.map(({ name, ok }) => ({ name, ok }))).toEqual([
      { name: 'connect', ok: true },
      { name: 'signature', ok: false },
    ]);
    expect(JSON.parse(server.requests[0].body)).toEqual({ op: 'ping' });
  });
});
