// One user sign-in by authorization code + PKCE (S256) through each server's login page, driven
// as a browser and a native app would: a fresh cookie jar per sign-in (a new visitor: no earlier
// session is reused), every answer checked on the way, the code exchanged for tokens. Used by (d)
// as its iteration and by (c) to give each connection its refresh token.
//
//   RapidAuth (3 requests)      GET /v3/oauth/auth → login page (200, login_tx + binding cookie)
//                               POST /v3/oauth/login → 303 to the redirect URI with the code
//                               POST /oauth/token (authorization_code, code_verifier)
//   oidc-provider (5 requests)  GET /auth → 303 to /interaction/:uid (interaction cookies)
//                               GET /interaction/:uid → login page (200)
//                               POST /interaction/:uid/login → 303 back to /auth/:uid
//                               GET /auth/:uid → 303 to the redirect URI with the code
//                               POST /token (authorization_code, code_verifier)
import { Browser, IterationError, authorizationRequest, codeOfRedirect, expectStatus, form, send } from '../lib/flows.mjs';
import { SCOPE, USER_PASSWORD, userName } from '../servers/index.mjs';
import { decodeJwt } from './http.mjs';

/** What the app asks for: an ID token, and an access token for the API (an ES256 JWT on both). */
export const USER_SCOPE = `openid ${SCOPE}`;

const codeOf = (response, server, state) => codeOfRedirect(response, server.app.redirectUri, state, 'redirect to the app');

/**
 * RapidAuth's hosted login for `request` (authorizationRequest's) as bench user `user`: the login
 * page, its form POST, and the code of the redirect to `redirectUri`. Also (k)'s device sign-ins.
 */
export async function rapidAuthLoginCode(browser, request, user, redirectUri) {
  const page = await browser.get(request.path);
  expectStatus(page, 200, 'login page');
  const loginTx = /name="login_tx" value="([^"]+)"/.exec(page.text)?.[1];
  if (!loginTx) throw new IterationError('no login_tx on the login page', page);
  const login = await browser.post('/v3/oauth/login', { login_tx: loginTx, username: user, password: USER_PASSWORD });
  return codeOfRedirect(login, redirectUri, request.state, 'redirect to the app');
}

const rapidAuthCode = (server, browser, user, request) => rapidAuthLoginCode(browser, request, user, server.app.redirectUri);

async function oidcProviderCode(server, browser, user, request) {
  const start = await browser.get(request.path);
  expectStatus(start, 303, 'redirect to the interaction');
  const page = await browser.get(start.headers.location);
  expectStatus(page, 200, 'login page');
  const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1];
  if (!action) throw new IterationError('no form on the login page', page);
  const login = await browser.post(action, { username: user, password: USER_PASSWORD });
  expectStatus(login, 303, 'login');
  return codeOf(await browser.get(login.headers.location), server, request.state);
}

const codeFlows = { rapidauth: rapidAuthCode, 'oidc-provider': oidcProviderCode };

/** Signs user number `index` in on `server` and returns the token response (checked: 200, tokens present). */
export async function signIn(server, index, agent) {
  const request = authorizationRequest(server.endpoints.authorization, { clientId: server.app.id, redirectUri: server.app.redirectUri, scope: USER_SCOPE });
  const browser = new Browser(server.url, agent);
  const code = await codeFlows[server.key](server, browser, userName(index), request);
  const response = await send(
    new URL(server.endpoints.token, server.url),
    form({ grant_type: 'authorization_code', code, redirect_uri: server.app.redirectUri, code_verifier: request.verifier, client_id: server.app.id }),
    agent,
  );
  return tokensOf(response, 'code exchange');
}

/** The refresh_token grant for the app; returns the token response (checked like signIn's). */
export async function refresh(server, refreshToken, agent) {
  const response = await send(
    new URL(server.endpoints.token, server.url),
    form({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: server.app.id }),
    agent,
  );
  return tokensOf(response, 'refresh');
}

function tokensOf(response, step) {
  expectStatus(response, 200, step);
  const tokens = JSON.parse(response.text);
  if (typeof tokens.access_token !== 'string' || typeof tokens.refresh_token !== 'string' || typeof tokens.id_token !== 'string') {
    throw new IterationError(`${step}: access, refresh or ID token missing`, response);
  }
  return tokens;
}

/** The checks before load: an ES256 JWT access token for a user and an RS256 ID token, on both servers. */
export function checkTokens(server, tokens) {
  const access = decodeJwt(tokens.access_token);
  const id = decodeJwt(tokens.id_token);
  if (access.header.alg !== 'ES256' || access.header.typ !== 'at+jwt' || !access.payload.sub) {
    throw new Error(`${server.key}: the access token is not an ES256 at+jwt for a user (${JSON.stringify(access)})`);
  }
  if (id.header.alg !== 'RS256' || id.payload.sub !== access.payload.sub) throw new Error(`${server.key}: unexpected ID token (${JSON.stringify(id)})`);
}
