// oidc-provider 9 configured like RapidAuth's client_credentials + introspection slice, for
// comparison. Started by bench/run.mjs (pinned to core 0) with PORT, BENCH_CLIENT_ID,
// BENCH_CLIENT_SECRET. Prints a "use Node 22" warning on Node 20: harmless.
//
// - In-memory adapter (its default and its best case: no database round trip at all).
// - One static client: client_credentials, client_secret_basic, scopes orders:read orders:write.
// - Access tokens for the default resource are ES256 JWTs (`typ: at+jwt`), like RapidAuth's.
// - oidc-provider does not introspect JWT access tokens (it answers them with an error), so the
//   introspection scenario asks for a token for OPAQUE_RESOURCE, which is opaque and stored in
//   the adapter, and introspects that one.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const SCOPE = 'orders:read orders:write';
const JWT_RESOURCE = 'https://api.bench.example/';
const OPAQUE_RESOURCE = 'https://opaque.bench.example/';

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
  ],
  // RS256 for ID tokens (its default, as RapidAuth's), ES256 for access tokens.
  jwks: { keys: [await privateJwk('RS256', { modulusLength: 2048 }), await privateJwk('ES256')] },
  scopes: ['openid', 'offline_access', ...SCOPE.split(' ')],
  ttl: { ClientCredentials: 3600 },
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

const server = createServer(provider.callback());
server.listen(port, '127.0.0.1');
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
