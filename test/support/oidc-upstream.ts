import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import Provider, { errors } from 'oidc-provider';

/** A user of the upstream IdP: its password and the claims it asserts (`sub` is the username). */
export interface UpstreamUser {
  readonly password: string;
  readonly claims: Record<string, unknown>;
}

/** The gateway as a client of the upstream (confidential, client_secret_post). */
export interface UpstreamClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: string[];
}

export interface OidcUpstream {
  /** The issuer the IdP's discovery names. */
  readonly issuer: string;
  /** Where it listens (the issuer's origin unless `issuerHost` was given). */
  readonly url: string;
  readonly client: UpstreamClient;
  /** Every refresh token it issued stops working (the user's grant withdrawn at the IdP). */
  revokeRefreshTokens(): Promise<void>;
  /**
   * What an app signed in at the IdP as the gateway's client holds (the tokens a token exchange
   * presents): an access token and an ID token (`aud` the gateway's client id) for `username`,
   * issued by the provider itself with the claims `scope` releases.
   */
  tokensFor(username: string, scope?: string): Promise<{ access_token: string; id_token: string; expires_in: number }>;
  /** A JWT signed with the IdP's own signing key (its `kid` in the header unless `header` says otherwise): ID tokens the provider would never issue. */
  signJwt(payload: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

/** Scopes and the claims each releases; `department` and `employee_id` stand for an enterprise's own. */
const CLAIMS = {
  profile: ['name', 'preferred_username', 'department', 'employee_id'],
  email: ['email', 'email_verified'],
};

/** The grant `tokensFor` asks for: oidc-provider issues ID tokens only at a code exchange or refresh. */
const TOKENS_GRANT = 'urn:rapidauth:test:grant-type:user-tokens';

/** oidc-provider's adapter contract over a Map, so a test can withdraw every refresh token. */
class MemoryAdapter {
  static readonly entries = new Map<string, Map<string, Record<string, unknown>>>();
  private readonly store: Map<string, Record<string, unknown>>;

  constructor(readonly name: string) {
    if (!MemoryAdapter.entries.has(name)) MemoryAdapter.entries.set(name, new Map());
    this.store = MemoryAdapter.entries.get(name)!;
  }
  async upsert(id: string, payload: Record<string, unknown>) {
    this.store.set(id, payload);
  }
  async find(id: string) {
    return this.store.get(id);
  }
  async findByUid(uid: string) {
    return [...this.store.values()].find((payload) => payload.uid === uid);
  }
  async findByUserCode(userCode: string) {
    return [...this.store.values()].find((payload) => payload.userCode === userCode);
  }
  async consume(id: string) {
    const payload = this.store.get(id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    this.store.delete(id);
  }
  async revokeByGrantId(grantId: string) {
    for (const [id, payload] of this.store) if (payload.grantId === grantId) this.store.delete(id);
  }
}

/**
 * A real OpenID Connect provider (`oidc-provider`, in-process) as the enterprise IdP of the oidc and
 * oauth2 connectors: a signing key of its own per run, its users, one confidential client (the gateway), a plain login page at its
 * interaction URL (`POST …/login` with username and password, `POST …/abort` to decline), consent
 * granted for whatever is asked, refresh tokens always issued, and the password grant (ROPC) that
 * oidc-provider leaves out registered; `tokensFor` and `signJwt` make the tokens an app would bring to
 * a token exchange. `issuerHost` names another host in the issuer than the one it
 * listens on (an issuer mismatch); `accessTokenTtl` short enough makes every gateway refresh ask it.
 */
export async function startOidcUpstream(
  options: { users: Record<string, UpstreamUser>; redirectUris: string[]; issuerHost?: string; accessTokenTtl?: number },
): Promise<OidcUpstream> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const issuer = `http://${options.issuerHost ?? '127.0.0.1'}:${port}`;
  const client: UpstreamClient = { clientId: 'rapidauth-gateway', clientSecret: randomBytes(24).toString('base64url'), redirectUris: options.redirectUris };
  const users = options.users;
  const adapterName = `upstream-${port}-`;
  // A key of its own per run, so a suite can sign what this IdP would not issue (signJwt).
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: `upstream-${port}`, alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    adapter: class extends MemoryAdapter {
      constructor(name: string) {
        super(adapterName + name);
      }
    },
    jwks: { keys: [signingKey] },
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code', 'refresh_token', 'password', TOKENS_GRANT],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: CLAIMS,
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    ttl: { AccessToken: options.accessTokenTtl ?? 600, Grant: 3600 },
    features: { devInteractions: { enabled: false } },
    issueRefreshToken: async () => true,
    findAccount: async (_ctx: unknown, sub: string) => (users[sub] ? { accountId: sub, claims: async () => ({ sub, ...users[sub].claims }) } : undefined),
    loadExistingGrant: async (ctx: any) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) {
          existing.addOIDCScope(ctx.oidc.params.scope);
          await existing.save();
          return existing;
        }
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
  } as never);

  // RFC 6749 §4.3, which oidc-provider does not ship: the gateway's oauth2 `password` connector posts the login form here.
  provider.registerGrantType(
    'password',
    async (ctx: any) => {
      const { username, password, scope } = ctx.oidc.params as Record<string, string | undefined>;
      const user = username ? users[username] : undefined;
      if (!user || user.password !== password) throw new errors.InvalidGrant('wrong username or password');
      const granted = scope ?? 'openid';
      const grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: username });
      grant.addOIDCScope(granted);
      const grantId = await grant.save();
      const token = new provider.AccessToken({ accountId: username, client: ctx.oidc.client, grantId, scope: granted, gty: 'password' } as never);
      ctx.body = { access_token: await token.save(), token_type: 'Bearer', expires_in: token.expiration, scope: granted };
    },
    ['username', 'password', 'scope'],
  );

  provider.registerGrantType(
    TOKENS_GRANT,
    async (ctx: any) => {
      const { username, scope } = ctx.oidc.params as Record<string, string | undefined>;
      const user = username ? users[username] : undefined;
      if (!user) throw new errors.InvalidGrant('unknown user');
      const granted = scope ?? 'openid';
      const grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: username });
      grant.addOIDCScope(granted);
      const grantId = await grant.save();
      const token = new provider.AccessToken({ accountId: username, client: ctx.oidc.client, grantId, scope: granted, gty: TOKENS_GRANT } as never);
      const accessToken = await token.save();
      const idToken = new provider.IdToken({ sub: username, ...user.claims }, { ctx });
      idToken.scope = granted;
      // As at the token endpoint (OIDC Core §3.1.3.6): it also keeps two ID tokens asked within one second apart.
      idToken.set('at_hash', accessToken);
      ctx.body = { access_token: accessToken, id_token: await idToken.issue({ use: 'idtoken' }), token_type: 'Bearer', expires_in: token.expiration, scope: granted };
    },
    ['username', 'scope'],
  );

  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(req.url ?? '');
    if (!match) {
      callback(req, res);
      return;
    }
    interaction(provider, users, req, res, match[2]).catch(() => {
      if (!res.headersSent) res.writeHead(400);
      res.end();
    });
  });

  return {
    issuer,
    url,
    client,
    async revokeRefreshTokens() {
      MemoryAdapter.entries.get(`${adapterName}RefreshToken`)?.clear();
    },
    async tokensFor(username: string, scope = 'openid profile email') {
      const response = await fetch(`${url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: TOKENS_GRANT, username, scope, client_id: client.clientId, client_secret: client.clientSecret }),
      });
      const body = (await response.json()) as { access_token: string; id_token: string; expires_in: number };
      if (response.status !== 200) throw new Error(`the upstream issued no tokens (${response.status}): ${JSON.stringify(body)}`);
      return body;
    },
    async signJwt(payload: JWTPayload, header: Record<string, unknown> = {}) {
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, ...header }).sign(privateKey);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const name of [...MemoryAdapter.entries.keys()]) if (name.startsWith(adapterName)) MemoryAdapter.entries.delete(name);
    },
  };
}

/** What the login page uses of oidc-provider's Provider. */
interface InteractionProvider {
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options: { mergeWithLastSubmission: boolean }): Promise<void>;
}

/** GET shows the login form; POST …/login signs in; POST …/abort declines (access_denied back to the client). */
async function interaction(provider: InteractionProvider, users: Record<string, UpstreamUser>, req: IncomingMessage, res: ServerResponse, action: string | undefined) {
  const details = await provider.interactionDetails(req, res);
  if (!action) {
    const html = `<!doctype html><form method="post" action="/interaction/${details.uid}/login"><input name="username"><input name="password" type="password"><button>Sign in</button></form>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    return;
  }
  if (action === 'abort') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user declined' }, { mergeWithLastSubmission: false });
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
