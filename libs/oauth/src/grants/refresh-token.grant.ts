import { Injectable } from '@nestjs/common';
import { InvalidGrantError } from '../errors';
import { RefreshTokens, type LoginFamily, type RotationOptions } from '../refresh/refresh-tokens';
import { UpstreamRefresh } from '../refresh/upstream-refresh';
import { loginClaimsOf } from '../tokens/login-claims';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

/**
 * RFC 6749 §6 with rotation: the presented token is spent and a new one issued in the same family.
 * The family holds the login's scope; a narrower `scope` may be asked for, never a wider one.
 * A login through an upstream is confirmed there first (UpstreamRefresh), outside the rotation's
 * transaction: the rotation stops short for it, and runs again once the upstream has answered.
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
  ) {}

  async authorize({ params, client, now, ip, tokenScope, dpopJkt }: GrantRequest): Promise<GrantOutcome> {
    const rotate = (options: RotationOptions) =>
      this.refreshTokens.rotate(params.refresh_token, client.clientId, client.service.settings.refreshReuseGraceSeconds, now, {
        ...options,
        dpopJkt,
        accept: (family) => tokenScope(loginScope(family)),
      });
    let rotation = await rotate({ confirmFirst: (family, serviceType) => this.upstreamRefresh.confirmsFirst(family, serviceType) });
    if (rotation.outcome === 'unconfirmed') {
      await this.upstreamRefresh.confirm({ family: rotation.family, client, ip, now });
      rotation = await rotate({});
    }
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
