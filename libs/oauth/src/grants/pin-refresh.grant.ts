import { Injectable } from '@nestjs/common';
import type { ScopePolicy } from '../tokens/scopes';
import { PIN_REFRESH_GRANT_TYPE } from './device-grant-types';
import { requireDeviceClient } from './device-grant-request';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';
import { RefreshTokenGrant } from './refresh-token.grant';

/**
 * A device profile's refresh unlocked by its PIN (docs/gateway.md#pin-refresh): the rotation of
 * RFC 6749 §6 exactly as `refresh_token` (family, reuse rules, DPoP binding), the PIN judged in its
 * transaction before the token is spent. A wrong PIN spends nothing and counts one attempt.
 */
@Injectable()
export class PinRefreshGrant implements GrantType {
  readonly name = PIN_REFRESH_GRANT_TYPE;
  readonly parameters = ['refresh_token', 'pin', 'scope'];
  readonly requiredParameters = ['refresh_token', 'pin'];
  readonly confidentialOnly = true;
  readonly scopePolicy: ScopePolicy = { from: 'login' };

  constructor(private readonly refresh: RefreshTokenGrant) {}

  checkRequest(request: Omit<GrantRequest, 'scope' | 'tokenScope'>): void {
    requireDeviceClient(request, this.name);
  }

  authorize(request: GrantRequest): Promise<GrantOutcome> {
    return this.refresh.rotate(request, { kind: 'pin', pin: request.params.pin });
  }
}
