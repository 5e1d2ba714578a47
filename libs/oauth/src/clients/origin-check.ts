import { UnauthorizedOriginError } from '../errors';
import type { ClientPrincipal } from './resolved-client';

/**
 * Browser requests carry `Origin`; they are served only to origins the client lists in
 * `allowedOrigins` (exact match). Requests without `Origin` (servers, native apps) pass.
 */
export function checkOrigin(client: ClientPrincipal, origin: string | undefined): void {
  if (origin === undefined) return;
  const allowed = client.kind === 'app' ? client.allowedOrigins : [];
  if (!allowed.includes(origin)) throw new UnauthorizedOriginError(origin);
}
