import { OAuthError } from '../errors';
import type { ClientPrincipal } from './resolved-client';

/** A browser request from an origin the client did not register (UNAUTHORIZED_REQUEST_ORIGIN, docs/gateway.md#errors). */
export class UnauthorizedOriginError extends OAuthError {
  readonly error = 'access_denied';
  readonly status = 403;
  constructor(origin: string) {
    super('this origin is not allowed for the client', { code: 'UNAUTHORIZED_REQUEST_ORIGIN', detail: origin });
  }
}

/**
 * Browser requests carry `Origin`; they are served only to origins the client lists in
 * `allowedOrigins` (exact match). Requests without `Origin` (servers, native apps) pass.
 */
export function checkOrigin(client: ClientPrincipal, origin: string | undefined): void {
  if (origin === undefined) return;
  const allowed = client.kind === 'app' ? client.allowedOrigins : [];
  if (!allowed.includes(origin)) throw new UnauthorizedOriginError(origin);
}
