// oidc-provider 9 configured like the RapidAuth features the bench measures, for comparison.
// Started by bench/run.mjs (pinned to core 0) with PORT, BENCH_CLIENT_ID, BENCH_CLIENT_SECRET,
// and for the sign-in scenarios BENCH_APP_CLIENT_ID, BENCH_REDIRECT_URI, BENCH_USERS (comma-
// separated usernames) and BENCH_USER_PASSWORD. Prints a "use Node 22" warning on Node 20: harmless.
//
// - In-memory adapter (its default and its best case: no database round trip at all).
// - One static backend client: client_credentials, client_secret_basic, scopes orders:read orders:write.
// - Access tokens for the default resource are ES256 JWTs (`typ: at+jwt`), like RapidAuth's.
// - oidc-provider does not introspect JWT access tokens (it answers them with an error), so the
//   introspection scenario asks for a token for OPAQUE_RESOURCE, which is opaque and stored in
//   the adapter, and introspects that one.
// - One static native app like RapidAuth's bench app: public (PKCE S256 required), code +
//   refresh_token, refresh tokens issued without offline_access (RapidAuth issues them to every
//   client with the grant) and rotated on every use; first-party, so no consent prompt: its Grant
//   (openid + orders:read on the JWT resource) is created at login through `loadExistingGrant`, as
//   oidc-provider's skip-consent recipe does. Cookies signed with `cookies.keys` (its production setup).
// - A minimal login page at the interaction URL: the POST verifies the password against an
//   argon2id hash made once at start with RapidAuth's parameters, then `interactionFinished`.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { hash, verify } from '@node-rs/argon2';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { interactionPolicy } from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const SCOPE = 'orders:read orders:write';
const JWT_RESOURCE = 'https://api.bench.example/';
const OPAQUE_RESOURCE = 'https://opaque.bench.example/';
const APP_CLIENT_ID = process.env.BENCH_APP_CLIENT_ID;
/** libs/identity/src/password-hasher.ts: argon2id, 19 MiB, t=2, p=1. */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// Every user has the same password, so one hash serves them all (each login still verifies it).
const passwordHash = await hash(process.env.BENCH_USER_PASSWORD, ARGON2ID);
const users = new Set(process.env.BENCH_USERS.split(','));
// Its default policy asks native apps for consent every time; RapidAuth's first-party clients
// (native or not) never see a consent page, and the bench app is the only native client here.
const policy = interactionPolicy.base();
policy.get('consent').checks.remove('native_client_prompt');

async function privateJwk(alg, options) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...options });
  return { ...(await exportJWK(privateKey)), alg, use: 'sig', kid: `${alg.toLowerCase()}-bench` };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.BENCH_CLIENT_ID,
      client_secret: process.env.BENCH_CLIENT_SECRET,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: SCOPE,
    },
    {
      client_id: APP_CLIENT_ID,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [process.env.BENCH_REDIRECT_URI],
      scope: `openid ${SCOPE}`,
    },
  ],
  // RS256 for ID tokens (its default, as RapidAuth's), ES256 for access tokens.
  jwks: { keys: [await privateJwk('RS256', { modulusLength: 2048 }), await privateJwk('ES256')] },
  scopes: ['openid', 'offline_access', ...SCOPE.split(' ')],
  ttl: { ClientCredentials: 3600 },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  pkce: { required: () => true },
  interactions: { policy },
  findAccount: async (ctx, sub) => (users.has(sub) ? { accountId: sub, claims: async () => ({ sub }) } : undefined),
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    if (ctx.oidc.client.clientId !== APP_CLIENT_ID) return undefined;
    const grant = new ctx.oidc.provider.Grant({ clientId: APP_CLIENT_ID, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(`openid ${SCOPE}`);
    grant.addResourceScope(JWT_RESOURCE, 'orders:read');
    await grant.save();
    return grant;
  },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      // RapidAuth lets a client introspect tokens of its own environment; here: its own tokens.
      allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId,
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (ctx, client, oneOf) => oneOf ?? JWT_RESOURCE,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, resourceIndicator) => {
        if (resourceIndicator === OPAQUE_RESOURCE) return { scope: SCOPE, audience: OPAQUE_RESOURCE, accessTokenFormat: 'opaque' };
        if (resourceIndicator === JWT_RESOURCE) {
          return { scope: SCOPE, audience: JWT_RESOURCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        }
        throw new Provider.errors.InvalidTarget();
      },
    },
  },
});

const MAX_BODY = 64 * 1024;
const INTERACTION = /^\/interaction\/([\w-]+)(\/login)?$/;

function page(res, status, uid, error = '') {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Sign in</title></head><body>
<form method="post" action="/interaction/${uid}/login">${error && '<p>Wrong username or password.</p>'}
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form></body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
  res.end(html);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY) throw new Error('body too large');
  }
  return new URLSearchParams(body);
}

/** GET /interaction/:uid shows the login form; POST /interaction/:uid/login signs in. */
async function interaction(req, res, isLogin) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login' || req.method !== (isLogin ? 'POST' : 'GET')) {
    res.writeHead(400).end();
    return;
  }
  if (!isLogin) {
    page(res, 200, details.uid);
    return;
  }
  const form = await readForm(req);
  const username = form.get('username') ?? '';
  const valid = await verify(passwordHash, form.get('password') ?? '');
  if (!valid || !users.has(username)) {
    page(res, 401, details.uid, 'invalid');
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
const server = createServer((req, res) => {
  const match = INTERACTION.exec(req.url);
  if (!match) {
    callback(req, res);
    return;
  }
  interaction(req, res, match[2] !== undefined).catch((error) => {
    if (!res.headersSent) res.writeHead(error instanceof Provider.errors.SessionNotFound ? 400 : 500);
    res.end();
  });
});
server.listen(port, '127.0.0.1');
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
