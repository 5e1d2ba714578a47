import { Injectable } from '@nestjs/common';
import { OwnIdentityLogins } from '../login/own-identity-logins';
import { SecondFactors } from '../login/second-factors';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';

export const MFA_OTP_GRANT_TYPE = 'urn:rapidauth:grant-type:mfa-otp';

/**
 * The second factor of a login that answered 403 mfa_required (docs/gateway.md#second-factor-at-login):
 * its `mfa_token` and a TOTP or recovery `code`, through the client the challenge was opened for.
 * The login then begins as the first factor would have, its scope the first factor's (a `scope`
 * may narrow it), with RFC 8176 `mfa otp` added to its methods. An enrolment challenge's first
 * right code confirms the authenticator enrolled with it: the answer adds its `recovery_codes`.
 */
@Injectable()
export class MfaOtpGrant implements GrantType {
  readonly name = MFA_OTP_GRANT_TYPE;
  readonly parameters = ['mfa_token', 'code', 'scope'];
  readonly requiredParameters = ['mfa_token', 'code'];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'login' };

  constructor(
    private readonly secondFactors: SecondFactors,
    private readonly logins: OwnIdentityLogins,
  ) {}

  async authorize(request: GrantRequest): Promise<GrantOutcome> {
    const { client, params, now } = request;
    const waiting = await this.secondFactors.answer(client, params.mfa_token, params.code, now, { ip: request.ip });
    const outcome = await this.logins.resume(request, waiting);
    return waiting.recoveryCodes ? { ...outcome, recoveryCodes: waiting.recoveryCodes } : outcome;
  }
}
