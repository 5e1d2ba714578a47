import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Why the stand-in refused a request, as Graph would have (recorded for the tests). */
export type GraphRefusal = 'client_id' | 'client_secret' | 'redirect_uri' | 'code' | 'code_verifier' | 'access_token' | 'appsecret_proof' | 'switched' | 'unknown_path';

/** What the dialog received, what the token endpoint and `/me` were asked: for the tests to check what the gateway sent. */
export interface GraphRequests {
  readonly dialog: Record<string, string>[];
  readonly token: Record<string, string>[];
  readonly me: { query: Record<string, string>; authorization: string | undefined }[];
  readonly refused: GraphRefusal[];
}

export interface FacebookGraph {
  /** The Login dialog (`dialogUrl`) and the versioned Graph API base (`graphApiUrl`) to configure. */
  readonly dialogUrl: string;
  readonly graphApiUrl: string;
  readonly app: { readonly clientId: string; readonly clientSecret: string };
  readonly requests: GraphRequests;
  /**
   * The secret `/me` checks `appsecret_proof` against: the app's unless changed (an app secret
   * reset at Facebook after the gateway was configured).
   */
  proofSecret: string;
  /** While set, that endpoint answers a Graph error (`{error: {message, type, code, fbtrace_id}}`) with this code. */
  failing: { readonly endpoint: 'token' | 'me'; readonly code: number } | undefined;
  stop(): Promise<void>;
}

const VERSION = '/v19.0';

/**
 * A local stand-in for Facebook Login and the Graph API (node:http on loopback; no network here),
 * speaking what the facebook connector uses: the dialog redirects back with `code` and `state`
 * for the user named by the test's `user` parameter (standing for the user's own sign-in at
 * Facebook), or `error=access_denied` (with Facebook's `error_code`, `error_reason`) when it is
 * `decline`; `/oauth/access_token` checks client id and secret, redirect URI, the single-use code
 * and the PKCE verifier; `/me` checks the access token and its `appsecret_proof` and answers the
 * requested fields the user has (Graph leaves out what it does not release).
 */
export async function startFacebookGraph(users: Record<string, Record<string, unknown>>): Promise<FacebookGraph> {
  const app = { clientId: '1234567890123456', clientSecret: randomBytes(16).toString('hex') };
  const requests: GraphRequests = { dialog: [], token: [], me: [], refused: [] };
  const codes = new Map<string, { user: string; redirectUri: string; challenge?: string }>();
  const tokens = new Map<string, string>();

  const graphError = (res: ServerResponse, refusal: GraphRefusal, code: number, type = 'OAuthException') => {
    requests.refused.push(refusal);
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `refused: ${refusal}`, type, code, fbtrace_id: randomBytes(6).toString('hex') } }));
  };
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const dialog = (query: Record<string, string>, res: ServerResponse) => {
    requests.dialog.push(query);
    if (query.client_id !== app.clientId) return graphError(res, 'client_id', 101);
    if (!URL.canParse(query.redirect_uri ?? '')) return graphError(res, 'redirect_uri', 191);
    const back = new URL(query.redirect_uri);
    if (query.user === 'decline') {
      for (const [name, value] of Object.entries({ error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied' })) {
        back.searchParams.set(name, value);
      }
    } else {
      const code = randomBytes(24).toString('base64url');
      codes.set(code, { user: query.user, redirectUri: query.redirect_uri, ...(query.code_challenge && { challenge: query.code_challenge }) });
      back.searchParams.set('code', code);
    }
    if (query.state) back.searchParams.set('state', query.state);
    res.writeHead(302, { location: back.toString() }).end();
  };

  const accessToken = (form: Record<string, string>, res: ServerResponse) => {
    requests.token.push(form);
    if (graph.failing?.endpoint === 'token') return graphError(res, 'switched', graph.failing.code);
    if (form.client_id !== app.clientId) return graphError(res, 'client_id', 101);
    if (!same(form.client_secret, app.clientSecret)) return graphError(res, 'client_secret', 1);
    const issued = codes.get(form.code);
    codes.delete(form.code);
    if (!issued) return graphError(res, 'code', 100);
    if (form.redirect_uri !== issued.redirectUri) return graphError(res, 'redirect_uri', 100);
    if (issued.challenge !== undefined && createHash('sha256').update(form.code_verifier ?? '').digest('base64url') !== issued.challenge) {
      return graphError(res, 'code_verifier', 100);
    }
    const token = `EAAB${randomBytes(24).toString('base64url')}`;
    tokens.set(token, issued.user);
    json(res, { access_token: token, token_type: 'bearer', expires_in: 5_183_944 });
  };

  const me = (query: Record<string, string>, authorization: string | undefined, res: ServerResponse) => {
    requests.me.push({ query, authorization });
    if (graph.failing?.endpoint === 'me') return graphError(res, 'switched', graph.failing.code);
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? query.access_token;
    const user = token ? tokens.get(token) : undefined;
    if (!token || user === undefined) return graphError(res, 'access_token', 190);
    const proof = createHmac('sha256', graph.proofSecret).update(token).digest('hex');
    if (!same(query.appsecret_proof, proof)) return graphError(res, 'appsecret_proof', 100, 'GraphMethodException');
    const fields = (query.fields ?? 'id,name').split(',');
    const known = users[user] ?? {};
    json(res, Object.fromEntries(fields.filter((field) => known[field] !== undefined).map((field) => [field, known[field]])));
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body = '';
    for await (const chunk of req) body += chunk;
    const query = Object.fromEntries(url.searchParams);
    if (req.method === 'GET' && url.pathname === `${VERSION}/dialog/oauth`) return dialog(query, res);
    if (url.pathname === `${VERSION}/oauth/access_token`) return accessToken(req.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : query, res);
    if (req.method === 'GET' && url.pathname === `${VERSION}/me`) return me(query, req.headers.authorization, res);
    graphError(res, 'unknown_path', 803);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const graph: FacebookGraph = {
    dialogUrl: `${base}${VERSION}/dialog/oauth`,
    graphApiUrl: `${base}${VERSION}`,
    app,
    requests,
    proofSecret: app.clientSecret,
    failing: undefined,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return graph;
}

function same(given: string | undefined, expected: string): boolean {
  return typeof given === 'string' && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
