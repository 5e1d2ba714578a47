// (g) Token exchange (RFC 8693, grant_type=urn:ietf:params:oauth:grant-type:token-exchange) through
// an `oidc` service whose IdP is oidc-provider 9 in this process (the runner, on the loader's core):
//   (g1) an access token exchanged: the gateway asks the IdP's userinfo endpoint for its user, then
//        signs the user in (identity found, profile rewritten, a family begun, the token sealed
//        into the vault) and mints an access token. One upstream access token serves every
//        request (an access token may be presented again until it expires).
//   (g2) an ID token exchanged: each one fresh (ES256, signed here with the IdP's own key, a new
//        `jti`), verified against the IdP's JWKS (fetched once, then cached by the gateway), its
//        `jti` claimed once in the replay table (PostgreSQL), then the same sign-in.
// Each exchange is one POST /oauth/token as the environment's own client `appKey.serviceId` (HTTP
// Basic); every answer must be 200. Only RapidAuth's gateway has builders; BENCH_SCENARIOS=g
// selects both; not in the default set.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider, { errors } from 'oidc-provider';
import { IterationError, form, send } from '../lib/flows.mjs';
import { startAdminApiBeside, PEERS_CORE } from '../servers/index.mjs';
import { basicAuth, expect } from './http.mjs';

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
/** The grant the bench asks its IdP for an access token with (oidc-provider ships no way to mint one for a user without a browser). */
const TOKENS_GRANT = 'urn:rapidauth:bench:grant-type:user-tokens';
const CLIENT_ID = 'rapidauth-gateway';
const SCOPE = 'openid profile email';
const user = (sub) => ({ sub, name: `Bench ${sub}`, email: `${sub}@bench.example`, email_verified: true, department: 'Bench' });

let started;
/** One IdP for the whole run: oidc-provider with an RS256 and an ES256 key of its own, any `bench-*` subject a user. */
function startIdp() {
  started ??= (async () => {
    const keys = {};
    const jwks = [];
    for (const alg of ['RS256', 'ES256']) {
      const { privateKey } = await generateKeyPair(alg, { extractable: true });
      const kid = `bench-${alg.toLowerCase()}`;
      keys[alg] = { privateKey, kid };
      jwks.push({ ...(await exportJWK(privateKey)), alg, use: 'sig', kid });
    }
    const server = createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${server.address().port}`;
    const clientSecret = randomBytes(24).toString('base64url');
    const provider = new Provider(issuer, {
      jwks: { keys: jwks },
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: clientSecret,
          redirect_uris: ['http://127.0.0.1/callback'],
          grant_types: ['authorization_code', TOKENS_GRANT],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      claims: { profile: ['name', 'department'], email: ['email', 'email_verified'] },
      scopes: ['openid', 'profile', 'email'],
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      ttl: { AccessToken: 3600, Grant: 3600 },
      features: { devInteractions: { enabled: false } },
      findAccount: async (_ctx, sub) => (sub.startsWith('bench-') ? { accountId: sub, claims: async () => user(sub) } : undefined),
    });
    provider.registerGrantType(
      TOKENS_GRANT,
      async (ctx) => {
        const { username } = ctx.oidc.params;
        if (!username?.startsWith('bench-')) throw new errors.InvalidGrant('unknown user');
        const grant = new provider.Grant({ clientId: CLIENT_ID, accountId: username });
        grant.addOIDCScope(SCOPE);
        const grantId = await grant.save();
        const token = new provider.AccessToken({ accountId: username, client: ctx.oidc.client, grantId, scope: SCOPE, gty: TOKENS_GRANT });
        ctx.body = { access_token: await token.save(), token_type: 'Bearer', expires_in: token.expiration, scope: SCOPE };
      },
      ['username'],
    );
    server.on('request', provider.callback());
    // The runner exits once the gateways are stopped (their connections to it with them).
    server.unref();
    const accessTokenFor = async (username) => {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: TOKENS_GRANT, username, client_id: CLIENT_ID, client_secret: clientSecret }),
      });
      const body = await response.json();
      if (response.status !== 200) throw new Error(`bench (g): the IdP issued no access token (${response.status}): ${JSON.stringify(body)}`);
      return body.access_token;
    };
    const idTokenFor = (sub) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...user(sub), jti: randomUUID() })
        .setProtectedHeader({ alg: 'ES256', kid: keys.ES256.kid })
        .setIssuer(issuer)
        .setAudience(CLIENT_ID)
        .setSubject(sub)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(keys.ES256.privateKey);
    };
    return { issuer, clientSecret, accessTokenFor, idTokenFor };
  })();
  return started;
}

/** Once per gateway: the admin API beside it, the oidc service on the IdP, enabled on its environment. */
const setups = new WeakMap();
function setUp(server) {
  if (!setups.has(server)) {
    setups.set(
      server,
      (async () => {
        const idp = await startIdp();
        const admin = await startAdminApiBeside(server, { ...server.installation, core: PEERS_CORE });
        const { id: serviceId } = await admin.api('POST', '/v1/auth-services', {
          name: 'Bench IdP',
          type: 'oidc',
          scope: { environmentId: server.tenant.environmentId },
          config: {
            redirectUris: ['http://127.0.0.1/callback'],
            allowedAttributes: ['name', 'department'],
            providerUri: `${idp.issuer}/token`,
            grantEndpoint: `${idp.issuer}/auth`,
            clientId: CLIENT_ID,
            clientSecret: idp.clientSecret,
            issuer: idp.issuer,
            scope: 'profile email',
          },
        });
        await admin.api('PUT', `/v1/environments/${server.tenant.environmentId}/identity`, {
          enabledServices: [server.tenant.localServiceId, serviceId],
          defaultService: server.tenant.localServiceId,
        });
        return { idp, serviceId };
      })(),
    );
  }
  return setups.get(server);
}

/** Exchanges through the service, checked once first (the new service reaches the gateway through TenancyChanges). */
async function exchanges(server, subjectTokenType, subjectToken) {
  const { idp, serviceId } = await setUp(server);
  const url = new URL(server.endpoints.token, server.url);
  const headers = { authorization: basicAuth({ id: `${server.tenant.appKey}.${serviceId}`, secret: server.tenant.appSecret }) };
  const exchange = async (worker, agent) =>
    send(url, form({ grant_type: GRANT, subject_token: await subjectToken(idp, worker), subject_token_type: subjectTokenType, scope: SCOPE }, headers), agent);
  let response;
  for (let attempt = 0; attempt < 50; attempt++) {
    response = await exchange(0);
    if (response.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const body = response.status === 200 ? JSON.parse(response.text) : {};
  expect(body.issued_token_type === ACCESS_TOKEN && typeof body.access_token === 'string', `${server.key}: token exchange (${subjectTokenType}) failed`, response);
  const iterate = async (worker, agent) => {
    const answer = await exchange(worker, agent);
    if (answer.status !== 200) throw new IterationError('token exchange', answer);
  };
  return { url: server.url, unit: 'exchanges/s', iterate };
}

const accessTokens = new Map();
/** One upstream access token per worker, asked for once. */
async function accessTokenOf(idp, worker) {
  if (!accessTokens.has(worker)) accessTokens.set(worker, idp.accessTokenFor(`bench-${worker}`));
  return accessTokens.get(worker);
}

export const SCENARIOS = [
  {
    id: 'g1',
    set: 'g',
    title: 'token exchange of an upstream access token (oidc, userinfo)',
    build: { rapidauth: (server) => exchanges(server, ACCESS_TOKEN, accessTokenOf) },
  },
  {
    id: 'g2',
    set: 'g',
    title: 'token exchange of a fresh upstream ID token (oidc, JWKS, replay cache)',
    build: { rapidauth: (server) => exchanges(server, ID_TOKEN, (idp, worker) => idp.idTokenFor(`bench-${worker}`)) },
  },
];
