import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { DPOP_REPLAYS, type DpopReplays } from '../dpop/dpop-replays';
import { InvalidGrantError, InvalidRequestError } from '../errors';
import { RefreshTokens } from '../refresh/refresh-tokens';
import type { ScopePolicy } from '../tokens/scopes';
import { checkBiometricAssertion, isAssertionShaped } from './biometric-assertion';
import { BIOMETRIC_REFRESH_GRANT_TYPE } from './device-grant-types';
import { requireDeviceClient } from './device-grant-request';
import { DEVICE_PROFILE_GUARD, type DeviceProfileGuard } from './device-profile-guard';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';
import { RefreshTokenGrant } from './refresh-token.grant';

/**
 * A device profile's refresh unlocked by a biometric assertion (docs/gateway.md#biometric-refresh):
 * the assertion is checked and its `jti` claimed on every instance (the DPoP proofs' store, keyed
 * apart) before the rotation, whose transaction counts a failure as a wrong PIN or resets the count.
 */
@Injectable()
export class BiometricRefreshGrant implements GrantType {
  readonly name = BIOMETRIC_REFRESH_GRANT_TYPE;
  readonly parameters = ['refresh_token', 'assertion', 'scope'];
  readonly requiredParameters = ['refresh_token', 'assertion'];
  readonly confidentialOnly = true;
  readonly scopePolicy: ScopePolicy = { from: 'login' };

  constructor(
    private readonly refresh: RefreshTokenGrant,
    private readonly refreshTokens: RefreshTokens,
    @Inject(DPOP_REPLAYS) private readonly replays: DpopReplays,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(DEVICE_PROFILE_GUARD) private readonly profiles?: DeviceProfileGuard,
  ) {}

  checkRequest(request: Omit<GrantRequest, 'scope' | 'tokenScope'>): void {
    requireDeviceClient(request, this.name);
    if (!isAssertionShaped(request.params.assertion)) {
      throw new InvalidRequestError('assertion must be a compact JWS (ES256) of at most 4096 characters', { code: 'INVALID_PARAMETER', field: 'assertion' });
    }
  }

  async authorize(request: GrantRequest): Promise<GrantOutcome> {
    const family = await this.refreshTokens.familyOf(request.params.refresh_token);
    if (!family || family.clientId !== request.client.clientId) throw new InvalidGrantError(undefined, { detail: 'unknown refresh token' });
    const key = await this.profiles?.biometricKey(family.id);
    if (!key) throw new InvalidGrantError('this profile has no biometric key', { code: 'INVALID_BIOMETRIC_ASSERTION', detail: 'no key registered' });
    const checked = await checkBiometricAssertion(request.params.assertion, key, `${this.config.publicUrl}/oauth/token`, request.now);
    const valid = checked !== undefined && (await this.replays.claim(`bio:${checked.jkt}`, checked.jti, request.now));
    return this.refresh.rotate(request, { kind: 'biometric', valid });
  }
}
