import type { NextFunction, Request, Response } from 'express';

/** Endpoints browser apps call cross-origin; the client's allowedOrigins are checked in the handlers. */
const CLIENT_ENDPOINTS = ['/oauth/token', '/oauth/revoke', '/oauth/userinfo', '/oauth/logout'];
/** Public documents any origin may read. */
const PUBLIC_DOCUMENTS = ['/.well-known/openid-configuration', '/.well-known/jwks.json'];

/**
 * CORS for browser apps (never on the authorization endpoint or the login pages). Preflights are
 * answered for the client endpoints; whether the actual request's origin is allowed depends on
 * the client, which only the handler knows, and a refused origin gets UNAUTHORIZED_REQUEST_ORIGIN.
 */
export function cors(request: Request, response: Response, next: NextFunction): void {
  const origin = request.headers.origin;
  if (PUBLIC_DOCUMENTS.includes(request.path)) {
    response.setHeader('Access-Control-Allow-Origin', '*');
  } else if (origin && CLIENT_ENDPOINTS.includes(request.path)) {
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      response.setHeader('Access-Control-Max-Age', '600');
      response.status(204).end();
      return;
    }
  }
  next();
}
