import type { NextFunction, Request, Response } from 'express';

/**
 * Admin answers carry secrets (organization, environment and client secrets, grant secrets) and
 * tenant data: no answer of the admin API may be stored by a browser or proxy cache (RFC 9111
 * §5.2.2.5; `Pragma` for HTTP/1.0 caches, RFC 9111 §5.4).
 */
export function noStore(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Pragma', 'no-cache');
  next();
}
