import { Inject, Injectable, Optional } from '@nestjs/common';
import { InvalidGrantError } from '../errors';
import { RefreshTokens, type LoginFamily, type RotationOptions } from '../refresh/refresh-tokens';
import { UpstreamRefresh } from '../refresh/upstream-refresh';
import { loginClaimsOf } from '../tokens/login-claims';
import type { ScopePolicy } from '../tokens/scopes';
import { DEVICE_PROFILE_GUARD, type DeviceProfileGuard, type ProfileProof } from './device-profile-guard';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

/**
 * RFC 6749 §6 with rotation: the presented token is spent and a new one issued in the same family.
 * The family holds the login's scope; a narrower `scope` may be asked for, never a wider one.
 * A login through an upstream is confirmed there first (UpstreamRefresh), outside the rotation's
 * transaction: the rotation stops short for it, and runs again once the upstream has answered.
 * A device client's profile with a PIN refuses this grant (PIN_REQUIRED): it takes the PIN or
 * biometric refresh grants, which rotate through `rotate` with their proof.
 */
@Injectable()
export class RefreshTokenGrant implements GrantType {
  readonly name = 'refresh_token';
  readonly parameters = ['refresh_token', 'scope'];
  readonly requiredParameters = ['refresh_token'];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'login' };

  constructor(
    private readonly refreshTokens: RefreshTokens,
    private readonly upstreamRefresh: UpstreamRefresh,
    @Optional() @Inject(DEVICE_PROFILE_GUARD) private readonly profiles?: DeviceProfileGuard,
  ) {}

  authorize(request: GrantRequest): Promise<GrantOutcome> {
    return this.rotate(request, { kind: 'none' });
  }

  /** The rotation of `request.params.refresh_token`; a device client's profile judges `proof` before the token is spent. */
  async rotate({ params, client, now, ip, tokenScope, dpopJkt }: GrantRequest, proof: ProfileProof): Promise<GrantOutcome> {
    const profiles = this.profiles;
    const guard: RotationOptions['guard'] =
      client.device && profiles ? (manager, family) => profiles.check(manager, family, client.device!.appSignatureId, proof) : undefined;
    const rotate = (options: RotationOptions) =>
      this.refreshTokens.rotate(params.refresh_token, client.clientId, client.service.settings.refreshReuseGraceSeconds, now, {
        ...options,
        dpopJkt,
        guard,
        accept: (family) => tokenScope(loginScope(family)),
      });
    let rotation = await rotate({ confirmFirst: (family, serviceType) => this.upstreamRefresh.confirmsFirst(family, serviceType) });
    if (rotation.outcome === 'unconfirmed') {
      await this.upstreamRefresh.confirm({ family: rotation.family, client, ip, now });
      rotation = await rotate({});
    }
    if (rotation.outcome === 'refused') throw rotation.error;
    if (rotation.outcome === 'reused') {
      throw new InvalidGrantError(undefined, { detail: rotation.revokedFamilyId ? 'reuse: family revoked' : 'reuse within grace period' });
    }
    if (rotation.outcome === 'invalid' && rotation.upstreamRefused) {
      // However the login ended (this refresh's upstream ask or the background validation), the app learns why.
      throw new InvalidGrantError('the upstream no longer accepts this login; sign in again', { code: 'UPSTREAM_REFRESH_FAILED', detail: rotation.reason });
    }
    if (rotation.outcome !== 'rotated') throw new InvalidGrantError(undefined, { detail: rotation.outcome === 'invalid' ? rotation.reason : rotation.outcome });
    const { family, token } = rotation;
    return {
      subject: { kind: 'user', accountId: family.accountId!, identityId: family.identityId! },
      scope: loginScope(family),
      login: { familyId: family.id, authTime: family.authTime, serviceId: family.authServiceId!, claims: loginClaimsOf(family.claims), grantId: family.grantId ?? undefined },
      refreshToken: token,
      accountExpiresAt: rotation.accountExpiresAt,
    };
  }
}

function loginScope(family: LoginFamily): string[] {
  return family.scope.split(' ').filter(Boolean);
}
