import type { NextFunction, Request, Response } from 'express';

/** Endpoints browser apps call cross-origin; the client's allowedOrigins are checked in the handlers. */
const CLIENT_ENDPOINTS = ['/oauth/token', '/oauth/revoke', '/oauth/userinfo', '/oauth/logout'];
/** The own-identity endpoints, where the environment's `authorizedOrigins` extend the client's. */
const CLIENT_ENDPOINT_PREFIX = '/v3/auth/';
/** Public documents any origin may read. */
const PUBLIC_DOCUMENTS = ['/.well-known/openid-configuration', '/.well-known/jwks.json'];

/** The CORS headers of one request, in order, and whether it is a preflight answered 204 at once. */
export interface CorsAnswer {
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
  readonly preflight: boolean;
}

const ANY_ORIGIN: CorsAnswer = { headers: [['Access-Control-Allow-Origin', '*']], preflight: false };

/**
 * CORS for browser apps (never on the authorization endpoint or the login pages). Preflights are
 * answered for the client endpoints; whether the actual request's origin is allowed depends on
 * the client, which only the handler knows, and a refused origin gets UNAUTHORIZED_REQUEST_ORIGIN.
 * Undefined when the request gets no CORS headers. Used by the `cors` middleware and by the
 * gateway's hot path (POST /oauth/token without Express).
 */
export function corsAnswer(method: string | undefined, path: string, origin: string | undefined): CorsAnswer | undefined {
  if (PUBLIC_DOCUMENTS.includes(path)) return ANY_ORIGIN;
  if (!origin || !(CLIENT_ENDPOINTS.includes(path) || path.startsWith(CLIENT_ENDPOINT_PREFIX))) return undefined;
  const allowOrigin = [
    ['Access-Control-Allow-Origin', origin],
    ['Vary', 'Origin'],
  ] as const;
  if (method !== 'OPTIONS') return { headers: allowOrigin, preflight: false };
  return {
    headers: [
      ...allowOrigin,
      // The account endpoints remove identities, the account and the authenticator with DELETE, and change a password with PUT.
      ['Access-Control-Allow-Methods', path.startsWith(CLIENT_ENDPOINT_PREFIX) ? 'GET, POST, PUT, DELETE' : 'GET, POST'],
      ['Access-Control-Allow-Headers', 'Authorization, Content-Type'],
      ['Access-Control-Max-Age', '600'],
    ],
    preflight: true,
  };
}

/** Express middleware over corsAnswer: sets its headers, and answers preflights 204. */
export function cors(request: Request, response: Response, next: NextFunction): void {
  const answer = corsAnswer(request.method, request.path, request.headers.origin);
  for (const [name, value] of answer?.headers ?? []) response.setHeader(name, value);
  if (answer?.preflight) {
    response.status(204).end();
    return;
  }
  next();
}
