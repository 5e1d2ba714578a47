import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountEntity, type AuthorizationCodeEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import { AuthorizationCodes } from '../authorization/authorization-codes';
import { InvalidGrantError, InvalidRequestError } from '../errors';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { safeEqual } from '../shared/hash';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

/** RFC 7636 §4.1: 43-128 characters of [A-Z a-z 0-9 - . _ ~]. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

type Exchange =
  | { kind: 'ok'; code: AuthorizationCodeEntity; familyId: string; refreshToken?: string }
  | { kind: 'refused'; error: InvalidGrantError }
  | { kind: 'replayed'; familyId: string | null };

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636). Checks run under a row lock before the code is marked
 * used, so a refused attempt changes nothing; a second use of a used code is refused and revokes
 * everything the first exchange issued (RFC 6749 §4.1.2, oidcc-codereuse).
 */
@Injectable()
export class AuthorizationCodeGrant implements GrantType {
  readonly name = 'authorization_code';
  readonly parameters = ['code', 'redirect_uri', 'code_verifier'];
  readonly requiredParameters = ['code', 'redirect_uri'];
  readonly confidentialOnly = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly codes: AuthorizationCodes,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async authorize({ params, client, now }: GrantRequest): Promise<GrantOutcome> {
    if (params.code_verifier !== undefined && !CODE_VERIFIER.test(params.code_verifier)) {
      throw new InvalidRequestError('code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~');
    }
    const exchange = await this.dataSource.transaction(async (manager): Promise<Exchange> => {
      const code = await this.codes.lockByCode(manager, params.code);
      if (!code) return { kind: 'refused', error: new InvalidGrantError(undefined, { detail: 'unknown code' }) };
      if (code.consumedAt) return { kind: 'replayed', familyId: code.familyId };
      const problem = checkCode(code, client.clientId, params, now);
      if (problem) return { kind: 'refused', error: new InvalidGrantError(undefined, { detail: problem }) };
      const account = await manager.findOneBy(AccountEntity, { id: code.accountId });
      if (!account || account.disabled) return { kind: 'refused', error: new InvalidGrantError('the account is disabled', { code: 'ACCOUNT_DISABLED' }) };

      await this.codes.markUsed(manager, code.id, now);
      const { family, refreshToken } = await this.refreshTokens.beginLogin(manager, client, {
        accountId: code.accountId,
        identityId: code.identityId,
        authServiceId: code.authServiceId,
        scope: code.scope.split(' ').filter(Boolean),
        authTime: code.authTime,
      });
      await this.codes.recordFamily(manager, code.id, family.id);
      return { kind: 'ok', code, familyId: family.id, refreshToken };
    });

    if (exchange.kind === 'replayed') {
      if (exchange.familyId) await this.refreshTokens.revokeFamily(exchange.familyId, 'authorization_code_reuse', now);
      throw new InvalidGrantError(undefined, { detail: 'authorization code used twice' });
    }
    if (exchange.kind === 'refused') throw exchange.error;
    const { code } = exchange;
    return {
      subject: { kind: 'user', accountId: code.accountId, identityId: code.identityId },
      scope: code.scope.split(' ').filter(Boolean),
      login: { familyId: exchange.familyId, authTime: code.authTime, serviceId: code.authServiceId, nonce: code.nonce ?? undefined },
      refreshToken: exchange.refreshToken,
    };
  }
}

/** Why the code cannot be exchanged by this request, if it cannot. */
function checkCode(code: AuthorizationCodeEntity, clientId: string, params: Readonly<Record<string, string>>, now: Date): string | undefined {
  if (code.clientId !== clientId) return 'code issued to another client';
  if (code.redirectUri !== params.redirect_uri) return 'redirect_uri differs from the authorization request';
  if (code.expiresAt <= now) return 'code expired';
  // Every code has a challenge (PKCE is required), so a missing verifier is a failed proof.
  if (!params.code_verifier) return 'code_verifier missing';
  const computed = createHash('sha256').update(params.code_verifier).digest('base64url');
  if (!safeEqual(computed, code.codeChallenge)) return 'code_verifier does not match the challenge';
  return undefined;
}
