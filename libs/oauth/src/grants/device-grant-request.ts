import { UnauthorizedClientError } from '../errors';
import type { GrantRequest } from './grant-type';

/** The device grants serve device clients that proved their secret (docs/gateway.md#device-profiles). */
export function requireDeviceClient({ client, clientAuthenticated }: Pick<GrantRequest, 'client' | 'clientAuthenticated'>, grant: string): void {
  if (!client.device || !clientAuthenticated) throw new UnauthorizedClientError(`${grant} is for authenticated device clients`);
}
