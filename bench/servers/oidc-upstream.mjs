// The upstream OpenID provider of scenario (i), in the runner's process (so on the loader's core,
// 1): oidc-provider 9 as test/support/oidc-upstream.ts starts it for the e2e suites — one
// confidential client (the gateway, client_secret_post, PKCE required), its users, a plain login
// page at the interaction URL, the Grant made at login (no consent page) — on an adapter over Maps,
// so nothing a run needs is evicted (its default in-memory adapter is a bounded LRU).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** oidc-provider's adapter contract over one Map per model; entries live as long as the run. */
function mapAdapter() {
  const models = new Map();
  return class MapAdapter {
    constructor(name) {
      if (!models.has(name)) models.set(name, new Map());
      this.store = models.get(name);
    }
    async upsert(id, payload) {
      this.store.set(id, payload);
    }
    async find(id) {
      return this.store.get(id);
    }
    async findByUid(uid) {
      for (const payload of this.store.values()) if (payload.uid === uid) return payload;
      return undefined;
    }
    async findByUserCode(userCode) {
      for (const payload of this.store.values()) if (payload.userCode === userCode) return payload;
      return undefined;
    }
    async consume(id) {
      const payload = this.store.get(id);
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id) {
      this.store.delete(id);
    }
    async revokeByGrantId(grantId) {
      for (const [id, payload] of this.store) if (payload.grantId === grantId) this.store.delete(id);
    }
  };
}

/**
 * Listens on 127.0.0.1 first (the issuer is its URL), then `configure({ redirectUris, users })`
 * builds the provider once the gateway's callback URLs are known (they name the service). `users`:
 * username → { password, claims }.
 */
export async function startOidcUpstream() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const client = { clientId: 'rapidauth-gateway', clientSecret: randomBytes(24).toString('base64url') };
  // Its ID tokens are signed (RS256) by a key of the run's own, as a deployed IdP's are.
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(privateKey)), kid: 'bench', use: 'sig', alg: 'RS256' }] };
  return {
    url,
    issuer: url,
    client,
    configure({ redirectUris, users }) {
      const provider = new Provider(url, {
        adapter: mapAdapter(),
        jwks,
        ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 86_400, Session: 86_400 },
        clients: [
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            redirect_uris: redirectUris,
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        claims: { profile: ['name', 'preferred_username', 'department'], email: ['email', 'email_verified'] },
        scopes: ['openid', 'offline_access', 'profile', 'email'],
        cookies: { keys: [randomBytes(32).toString('base64url')] },
        pkce: { required: () => true },
        features: { devInteractions: { enabled: false } },
        findAccount: async (_ctx, sub) => (users[sub] ? { accountId: sub, claims: async () => ({ sub, ...users[sub].claims }) } : undefined),
        // The Grant is made (or widened) at login, so no consent page, as a first-party enterprise IdP does.
        loadExistingGrant: async (ctx) => {
          const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
          const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
          const grant = existing ?? new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
          grant.addOIDCScope(ctx.oidc.params.scope);
          await grant.save();
          return grant;
        },
      });
      const callback = provider.callback();
      server.on('request', (req, res) => {
        const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
        if (!match) return void callback(req, res);
        interaction(provider, users, req, res, Boolean(match[2])).catch(() => {
          if (!res.headersSent) res.writeHead(400);
          res.end();
        });
      });
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** GET: the login form; POST …/login: username and password checked, the interaction finished. */
async function interaction(provider, users, req, res, login) {
  const details = await provider.interactionDetails(req, res);
  if (!login) {
    const html = `<!doctype html><form method="post" action="/interaction/${details.uid}/login"><input name="username"><input name="password" type="password"><button>Sign in</button></form>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const form = new URLSearchParams(body);
  const username = form.get('username') ?? '';
  if (!users[username] || users[username].password !== form.get('password')) {
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><p>Wrong username or password.</p>');
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
}
