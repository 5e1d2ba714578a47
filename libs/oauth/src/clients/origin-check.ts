import { UnauthorizedOriginError } from '../errors';
import type { ClientPrincipal } from './resolved-client';

/**
 * Browser requests carry `Origin`; they are served only to origins the client lists in
 * `allowedOrigins` (exact match), or among `moreOrigins` the endpoint allows its environment.
 * Requests without `Origin` (servers, native apps) pass.
 */
export function checkOrigin(client: ClientPrincipal, origin: string | undefined, moreOrigins: readonly string[] = []): void {
  if (origin === undefined) return;
  const allowed = client.kind === 'app' ? client.allowedOrigins : [];
  if (!allowed.includes(origin) && !moreOrigins.includes(origin)) throw new UnauthorizedOriginError(origin);
}
