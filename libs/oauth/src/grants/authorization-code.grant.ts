import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthorizationCodes, type CodeForExchange } from '../authorization/authorization-codes';
import { InvalidGrantError, InvalidRequestError } from '../errors';
import { RefreshTokens } from '../refresh/refresh-tokens';
import { safeEqual } from '../tokens/opaque-tokens';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

/** RFC 7636 §4.1: 43-128 characters of [A-Z a-z 0-9 - . _ ~]. */
export const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636). Every check runs before the code is claimed, so a refused
 * attempt changes nothing; the claim is a conditional update in the same statement as the family
 * and refresh token it starts (RefreshTokens.beginLoginRedeeming), so of two concurrent exchanges
 * exactly one succeeds. A second use of a used code by its client is refused and revokes everything
 * the first exchange issued (RFC 6749 §4.1.2, oidcc-codereuse).
 */
@Injectable()
export class AuthorizationCodeGrant implements GrantType {
  readonly name = 'authorization_code';
  readonly parameters = ['code', 'redirect_uri', 'code_verifier'];
  readonly requiredParameters = ['code', 'redirect_uri'];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'code' };

  constructor(
    private readonly codes: AuthorizationCodes,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async authorize({ params, client, now, dpopJkt }: GrantRequest): Promise<GrantOutcome> {
    if (params.code_verifier !== undefined && !CODE_VERIFIER.test(params.code_verifier)) {
      throw new InvalidRequestError('code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~');
    }
    const code = await this.codes.findForExchange(params.code);
    if (!code) throw new InvalidGrantError(undefined, { detail: 'unknown code' });
    // The code is bound to its client (§4.1.3): another client's replay is a plain refusal, or
    // anyone holding a victim's used code could end the victim's login.
    if (code.clientId !== client.clientId) throw new InvalidGrantError(undefined, { detail: 'code issued to another client' });
    if (code.consumedAt) return this.replayed(code.familyId, now);
    const problem = checkCode(code, params, now);
    if (problem) throw new InvalidGrantError(undefined, { detail: problem });
    // RFC 9449 §10.1: a code whose authorization request named a key (`dpop_jkt`) is exchanged only
    // with a proof by that key; refused before the claim, so the code stays usable by its key.
    if (code.dpopJkt !== null && !safeEqual(code.dpopJkt, dpopJkt ?? '')) {
      throw new InvalidGrantError('the authorization code is bound to another DPoP key', {
        code: 'INVALID_DPOP_PROOF',
        detail: dpopJkt ? 'proof by another key than dpop_jkt' : 'no DPoP proof for a code with dpop_jkt',
      });
    }
    if (!code.accountUsable) throw new InvalidGrantError('the account is disabled', { code: 'ACCOUNT_DISABLED' });

    const scope = code.scope.split(' ').filter(Boolean);
    const started = await this.refreshTokens.beginLoginRedeeming(
      code.id,
      client,
      { accountId: code.accountId, identityId: code.identityId, authServiceId: code.authServiceId, scope, authTime: code.authTime },
      now,
    );
    // Another exchange of the same code claimed it first (and has committed its family by now).
    if (!started) return this.replayed(await this.codes.familyOf(code.id), now);
    return {
      subject: { kind: 'user', accountId: code.accountId, identityId: code.identityId },
      scope,
      login: { familyId: started.familyId, authTime: code.authTime, serviceId: code.authServiceId, claims: code.claims, nonce: code.nonce ?? undefined },
      refreshToken: started.refreshToken,
    };
  }

  private async replayed(familyId: string | null, now: Date): Promise<never> {
    if (familyId) await this.refreshTokens.revokeFamily(familyId, 'authorization_code_reuse', now);
    throw new InvalidGrantError(undefined, { detail: 'authorization code used twice' });
  }
}

/** Why the code cannot be exchanged by this request, if it cannot. */
export function checkCode(code: CodeForExchange, params: Readonly<Record<string, string>>, now: Date): string | undefined {
  if (code.redirectUri !== params.redirect_uri) return 'redirect_uri differs from the authorization request';
  if (code.expiresAt <= now) return 'code expired';
  // Every code has a challenge (PKCE is required), so a missing verifier is a failed proof.
  if (!params.code_verifier) return 'code_verifier missing';
  const computed = createHash('sha256').update(params.code_verifier).digest('base64url');
  if (!safeEqual(computed, code.codeChallenge)) return 'code_verifier does not match the challenge';
  return undefined;
}
