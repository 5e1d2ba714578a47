import { Injectable } from '@nestjs/common';
import { InvalidGrantError } from '../errors';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { parseScope, requireAllowedScopes } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

/**
 * RFC 6749 §6 with rotation: the presented token is spent and a new one issued in the same family.
 * A narrower `scope` may be asked for; never a wider one.
 */
@Injectable()
export class RefreshTokenGrant implements GrantType {
  readonly name = 'refresh_token';
  readonly parameters = ['refresh_token', 'scope'];
  readonly requiredParameters = ['refresh_token'];
  readonly confidentialOnly = false;

  constructor(private readonly refreshTokens: RefreshTokens) {}

  async authorize({ params, client, now }: GrantRequest): Promise<GrantOutcome> {
    const rotation = await this.refreshTokens.rotate(
      params.refresh_token,
      client.clientId,
      client.service.settings.refreshReuseGraceSeconds,
      now,
    );
    if (rotation.outcome === 'reused') {
      throw new InvalidGrantError(undefined, { detail: rotation.revokedFamilyId ? 'reuse: family revoked' : 'reuse within grace period' });
    }
    if (rotation.outcome === 'invalid') throw new InvalidGrantError(undefined, { detail: rotation.reason });
    const { family, token } = rotation;
    const granted = family.scope.split(' ').filter(Boolean);
    const requested = parseScope(params.scope);
    const scope = requested.length > 0 ? requireAllowedScopes(requested, granted) : granted;
    return {
      subject: { kind: 'user', accountId: family.accountId!, identityId: family.identityId! },
      scope,
      login: { familyId: family.id, authTime: family.authTime, serviceId: family.authServiceId!, grantId: family.grantId ?? undefined },
      refreshToken: token,
    };
  }
}
