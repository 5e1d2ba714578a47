import fc from 'fast-check';
import { LocalIdentities } from '@rapidauth/identity';
import { sessionCookieName } from '@rapidauth/oauth';
import { BrowserAgent } from '../../support/browser-agent';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { publicClientConfig, startAuthorization } from '../../support/oidc-client';
import { createNativeApp, createTenant } from '../../support/tenant';

/**
 * Property tests (fast-check) over the Cookie header of the routes that read cookies: the
 * authorization endpoint (browser session), the login and consent posts (login binding) and
 * RP-Initiated Logout (browser session). Cookies are strings or nothing: a crafted `j:{…}`
 * (which cookie-parser decoded as JSON, and hashing the object answered 500), a signed-looking
 * `s:…`, a repeated or prototype name, or any header text never gets a 5xx, and a request whose
 * cookies are all junk signs no one in and out. FUZZ_SCALE=10 runs ten times as many cases.
 */

const REDIRECT = 'http://127.0.0.1:8080/callback';
const ALICE = { username: 'alice', password: 'correct horse battery' };
const SCALE = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/** Printable header text fetch accepts (no CR, LF, NUL, nothing above U+00FF). */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
      fc.constantFrom('\t', ' ', ';', ',', '=', '"', '%', '\\', '{', '}', ':'),
      fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
    ),
    maxLength,
  });
const latin1 = (text: string) => text.replace(/[^\x20-\x7e\x80-\xff]/g, '?');

/** Cookie values: JSON-cookie and signed-cookie spellings, base64url-looking, quoted, long, anything. */
const cookieValue = fc.oneof(
  fc.json({ maxDepth: 2 }).map((json) => latin1(`j:${json}`)),
  fc.constantFrom('j:{}', 'j:[]', 'j:[1]', 'j:1', 'j:null', 'j:true', 'j:"x"', 'j:{"length":1}', 'j:{"toString":1}', 'j:', 's:x.y', 's:j:{}.sig'),
  fc.base64String({ maxLength: 64 }).map((text) => text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')),
  headerText(60).map((text) => `"${text}"`),
  fc.integer({ min: 90, max: 6000 }).map((length) => 'A'.repeat(length)),
  headerText(80),
);

/** Cookie names: the ones the route reads, prototype names, and anything. */
const cookieName = (known: readonly string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...known), weight: 4 },
    { arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'ra_session_', 'ra_tx_', ''), weight: 2 },
    { arbitrary: headerText(20), weight: 2 },
  );

/** A whole Cookie header: pairs (names repeated at will), sometimes raw header text. */
const cookieHeader = (known: readonly string[], extra: readonly string[] = []) =>
  fc.oneof(
    { arbitrary: fc.array(fc.tuple(cookieName(known), cookieValue), { minLength: 1, maxLength: 6 }).map((pairs) => pairs.map(([n, v]) => `${n}=${v}`)), weight: 6 },
    { arbitrary: headerText(200).map((text) => [text]), weight: 1 },
  ).chain((parts) => fc.shuffledSubarray([...extra]).map((real) => [...parts, ...real].join('; ')));

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly setCookies: string[];
}

async function send(url: string, cookie: string, form?: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { ...(form && { 'content-type': 'application/x-www-form-urlencoded' }), ...(cookie && { cookie }) },
    body: form && new URLSearchParams(form),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text(), setCookies: response.headers.getSetCookie() };
}

/** Never 5xx; an error is an HTML page (browser routes) or RFC 6749 JSON with our `code`. */
function checkAnswer(what: string, cookie: string, answer: Answer): void {
  const context = () => `${what} with Cookie ${JSON.stringify(cookie.slice(0, 300))}: ${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}`;
  if (answer.status >= 500) throw new Error(`server error: ${context()}`);
  if (answer.status >= 400 && /json/.test(answer.contentType)) {
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    if (typeof body.error !== 'string' || typeof body.code !== 'string') throw new Error(`error without error and code: ${context()}`);
  }
  if (answer.status >= 400 && !/json|html/.test(answer.contentType)) throw new Error(`error is neither a page nor JSON: ${context()}`);
}

describe('Cookie header fuzzing (authorization endpoint, login, consent, session end)', () => {
  let gateway: GatewayInstance;
  let environmentId: string;
  let firstPartyConfig: Awaited<ReturnType<typeof publicClientConfig>>;
  let thirdPartyConfig: Awaited<ReturnType<typeof publicClientConfig>>;
  let firstPartyId: string;

  const sessionName = () => sessionCookieName(environmentId);
  const rowCount = async (table: string) => Number((await gateway.running.runtime.database.dataSource.query(`SELECT count(*) AS n FROM "${table}"`))[0].n);
  /** A fresh authorization through the login page: its login_tx and the binding cookie (name=value). */
  const loginPage = async (config = firstPartyConfig) => {
    const agent = new BrowserAgent();
    const page = await agent.get((await startAuthorization(config, REDIRECT, 'openid')).url);
    expect(page.status).toBe(200);
    const binding = page.headers.getSetCookie().map((header) => header.split(';')[0]).find((pair) => pair.startsWith('ra_tx_'))!;
    return { agent, loginTx: page.loginTx, binding, bindingName: binding.split('=')[0] };
  };

  beforeAll(async () => {
    gateway = await startScratchGateway({ env: { LOGIN_RATE_LIMIT: '0', AUTHORIZE_RATE_LIMIT: '0' } });
    const tenant = await createTenant(gateway.provisioner);
    environmentId = tenant.environment.id;
    const client = (firstParty: boolean) =>
      createNativeApp(gateway.provisioner, environmentId, {
        name: firstParty ? 'Acme mobile' : 'Partner app',
        firstParty,
        redirectUris: ['http://127.0.0.1/callback'],
        grantTypes: ['authorization_code', 'refresh_token'],
      });
    const first = await client(true);
    const third = await client(false);
    firstPartyId = first.clientId;
    firstPartyConfig = await publicClientConfig(gateway.url, first.clientId);
    thirdPartyConfig = await publicClientConfig(gateway.url, third.clientId);
    await gateway.get(LocalIdentities).create(environmentId, { ...ALICE, email: 'alice@example.com' });
  });

  afterAll(() => gateway?.stop());

  it('json-cookie attack: a j:{…} session or binding cookie is ignored on every route, never a 500', async () => {
    const { loginTx, bindingName } = await loginPage();
    const consent = await loginPage(thirdPartyConfig);
    const junk = (name: string) => `${name}=j:[1]; ${name}=j:{"length":1}`;
    const authorize = await send((await startAuthorization(firstPartyConfig, REDIRECT, 'openid')).url, junk(sessionName()));
    expect(authorize.status).toBe(200);
    expect(authorize.text).toContain('name="password"');
    const login = await send(`${gateway.url}/v3/oauth/login`, junk(bindingName), { login_tx: loginTx, ...ALICE });
    expect(login.status).toBe(400);
    expect(login.text).toContain('INVALID_STATE');
    const consentPost = await send(`${gateway.url}/v3/oauth/consent`, junk(consent.bindingName), { login_tx: consent.loginTx, decision: 'allow' });
    expect(consentPost.status).toBe(400);
    const end = await send(`${gateway.url}/oauth/session/end?client_id=${firstPartyId}`, junk(sessionName()));
    expect(end.status).toBeLessThan(500);
    expect(end.contentType).toMatch(/html/);
  });

  it('the authorization endpoint answers a page or a redirect, never a 5xx, and no junk cookie signs anyone in', async () => {
    const sessions = await rowCount('browser_session');
    await fc.assert(
      fc.asyncProperty(cookieHeader([sessionName()]), async (cookie) => {
        const answer = await send((await startAuthorization(firstPartyConfig, REDIRECT, 'openid')).url, cookie);
        checkAnswer('GET /v3/oauth/auth', cookie, answer);
        if (answer.status === 303) throw new Error(`a junk cookie reused a session: ${cookie}`);
      }),
      { numRuns: runs(150) },
    );
    expect(await rowCount('browser_session')).toBe(sessions);
  });

  it('the consent post never answers a 5xx', async () => {
    const { agent, loginTx, bindingName } = await loginPage(thirdPartyConfig);
    const consentPage = await agent.post(`${gateway.url}/v3/oauth/login`, { login_tx: loginTx, ...ALICE });
    expect(consentPage.status).toBe(200);
    expect(consentPage.body).toContain('/v3/oauth/consent');
    await fc.assert(
      fc.asyncProperty(cookieHeader([bindingName, sessionName()]), async (cookie) => {
        checkAnswer('POST /v3/oauth/consent', cookie, await send(`${gateway.url}/v3/oauth/consent`, cookie, { login_tx: loginTx, decision: 'allow' }));
      }),
      { numRuns: runs(100) },
    );
    expect(await rowCount('consent')).toBe(0);
  });

  it('the login post never answers a 5xx, with or without the real binding among junk cookies', async () => {
    const { loginTx, binding, bindingName } = await loginPage();
    const sessions = await rowCount('browser_session');
    await fc.assert(
      fc.asyncProperty(cookieHeader([bindingName, sessionName()], [binding]), async (cookie) => {
        checkAnswer('POST /v3/oauth/login', cookie, await send(`${gateway.url}/v3/oauth/login`, cookie, { login_tx: loginTx, username: 'mallory', password: 'wrong' }));
      }),
      { numRuns: runs(100) },
    );
    expect(await rowCount('browser_session')).toBe(sessions);
  });

  it('session end never answers a 5xx and ends no session for a junk cookie', async () => {
    const sessions = await rowCount('browser_session');
    expect(sessions).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(cookieHeader([sessionName()]), async (cookie) => {
        checkAnswer('GET /oauth/session/end', cookie, await send(`${gateway.url}/oauth/session/end?client_id=${firstPartyId}`, cookie));
      }),
      { numRuns: runs(100) },
    );
    expect(await rowCount('browser_session')).toBe(sessions);
  });
});
