// (i) OIDC callback completions (BENCH_SCENARIOS=i; RapidAuth's gateway only, not in the default
// set). Each iteration is one redirect login through an `oidc` service against oidc-provider 9 in
// this process (bench/servers/oidc-upstream.mjs), the environment's own client `appKey.<service>`
// as the app, a fresh gateway cookie jar per login:
//   GET /v3/oauth/auth                      → 303 to the upstream's authorization endpoint (state, nonce, PKCE S256)
//   GET upstream /auth                      → 303 to /oauth2/:id/callback with its code (the user's
//                                             session at the IdP is kept per worker, as a signed-in
//                                             employee's is: no login page there after the first)
//   GET /oauth2/:id/callback?code&state&iss → 303 to the resume URL
//   GET /v3/oauth/resume?login_tx=…         → 303 to the app's redirect URI with the code (state checked)
// What the callback costs the gateway: the login transaction found by `state` (and opened), the
// upstream code redeemed at the token endpoint with the PKCE verifier (a back-channel request),
// the ID token validated by openid-client (signature by the discovered JWKS, iss, aud, exp,
// nonce), userinfo fetched (a second back-channel request), the account and identity upserted,
// the upstream tokens sealed into the vault, the transaction completed. Discovery and the JWKS are
// fetched once and kept. oidc-provider, answering both browser and back-channel requests, runs on
// core 1 with the load generator and PostgreSQL. Worker i is upstream user i, from its own
// loopback address, as in (d).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Browser, IterationError, authorizationRequest, codeOfRedirect, expectStatus } from '../lib/flows.mjs';
import { startOidcUpstream } from '../servers/oidc-upstream.mjs';
import { createEnabledService, REDIRECT_URI, PEERS_CORE } from '../servers/index.mjs';

export const id = 'i';
export const title = 'OIDC redirect login: upstream callback completions/s (oidc-provider in the runner)';

const PASSWORD = randomBytes(18).toString('base64url');
/** Upstream users, one per possible connection (BENCH_CONNECTIONS ≤ 1024). */
const USERS = Object.fromEntries(
  Array.from({ length: 1024 }, (_, index) => [
    `bench-oidc-${index}`,
    { password: PASSWORD, claims: { name: `Bench User ${index}`, email: `bench-oidc-${index}@corp.example`, email_verified: true, department: 'Bench' } },
  ]),
);
const userOf = (worker) => `bench-oidc-${worker}`;

/** The app's authorization request through `serviceId`: the gateway's 303 to the upstream. */
async function toUpstream(server, serviceId, browser) {
  const { state, path } = authorizationRequest(server.endpoints.authorization, { clientId: `${server.tenant.appKey}.${serviceId}`, redirectUri: REDIRECT_URI, scope: 'openid' });
  const sent = await browser.get(path);
  expectStatus(sent, 303, 'authorization request');
  return { state, location: sent.headers.location };
}

/** Back at the gateway: the callback, then the resume; resolves the app's code. */
async function complete(server, browser, callbackUrl, state) {
  if (!callbackUrl?.startsWith(`${server.url}/oauth2/`)) throw new IterationError(`the upstream did not send the browser back: ${callbackUrl}`, { status: 303 });
  const callback = await browser.get(callbackUrl);
  expectStatus(callback, 303, 'callback');
  return codeOfRedirect(await browser.get(callback.headers.location), REDIRECT_URI, state, 'resume');
}

/**
 * At the upstream: its authorization endpoint, and, for a worker without a session there yet (its
 * first login), its login page answered and its redirect back followed; resolves the URL it sends
 * the browser back to the gateway with.
 */
async function atUpstream(server, idpBrowser, location, worker) {
  let current = location;
  let response = await idpBrowser.get(current);
  for (let step = 0; step < 4; step++) {
    expectStatus(response, 303, `upstream ${new URL(current).pathname}`);
    const next = new URL(response.headers.location, current).href;
    if (next.startsWith(server.url)) return next;
    if (!new URL(next).pathname.startsWith('/interaction/')) {
      current = next;
      response = await idpBrowser.get(current);
      continue;
    }
    current = next;
    response = await idpBrowser.post(`${current}/login`, { username: userOf(worker), password: PASSWORD });
  }
  throw new IterationError('the upstream never sent the browser back', response);
}

/** One login of `worker`: four requests once it has its upstream session, two more on the callback's back channel. */
async function login(server, serviceId, idpBrowser, worker, agent) {
  const browser = new Browser(server.url, agent);
  const { state, location } = await toUpstream(server, serviceId, browser);
  return complete(server, browser, await atUpstream(server, idpBrowser, location, worker), state);
}

async function callbacks(server, { connections }) {
  const upstream = await startOidcUpstream();
  // The service is created first (its id names its callback), then the upstream learns the callback.
  const serviceId = await createEnabledService(
    server,
    {
      name: 'Bench OIDC',
      type: 'oidc',
      config: {
        redirectUris: [REDIRECT_URI],
        allowedAttributes: ['email', 'name', 'department'],
        issuer: upstream.issuer,
        providerUri: `${upstream.url}/token`,
        grantEndpoint: `${upstream.url}/auth`,
        clientId: upstream.client.clientId,
        clientSecret: upstream.client.clientSecret,
        scope: 'profile email',
      },
    },
    PEERS_CORE,
  );
  upstream.configure({ redirectUris: [`${server.url}/oauth2/${serviceId}/callback`], users: USERS });

  // One browser per worker at the upstream: its session cookie there is kept across iterations.
  const idpBrowsers = Array.from({ length: connections }, () => new Browser(upstream.url));
  const iterate = async (worker, agent) => {
    idpBrowsers[worker].agent = agent;
    await login(server, serviceId, idpBrowsers[worker], worker, agent);
  };
  // The new service reaches the gateway through TenancyChanges: the first login retried until it does.
  let failure;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      // Twice: the first signs worker 0 in at the upstream, the second is an iteration as measured.
      await iterate(0);
      await iterate(0);
      failure = undefined;
      break;
    } catch (error) {
      failure = error;
      await sleep(100);
    }
  }
  if (failure) throw new Error(`bench (i): an OIDC login failed: ${failure.message}`);
  return { url: server.url, unit: 'logins/s', iterate, close: () => upstream.stop() };
}

export const build = { rapidauth: callbacks };
