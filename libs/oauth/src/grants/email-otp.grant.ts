import { Injectable } from '@nestjs/common';
import { EmailIdentities, normalizeEmail, OneTimeCodes } from '@rapidauth/identity';
import { AccessDeniedError } from '../errors';
import { OwnIdentityLogins } from '../login/own-identity-logins';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';
import { emailCredentials } from './email-parameters';

export const EMAIL_OTP_GRANT_TYPE = 'urn:rapidauth:grant-type:email-otp';
/** What the codes of email logins are issued for (OneTimeCodes). */
export const EMAIL_LOGIN_PURPOSE = 'email-login' as const;

/**
 * A sign-in code mailed to an email identity's address (docs/gateway.md#email-login): the guess
 * counted before it is checked, the code spent by one winner, the address then verified. RFC 8176 `otp`.
 */
@Injectable()
export class EmailOtpGrant implements GrantType {
  readonly name = EMAIL_OTP_GRANT_TYPE;
  readonly parameters = ['email', 'code', 'scope'];
  readonly requiredParameters = [];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'request', openid: true };

  constructor(
    private readonly logins: OwnIdentityLogins,
    private readonly codes: OneTimeCodes,
    private readonly emailIdentities: EmailIdentities,
  ) {}

  async authorize(request: GrantRequest): Promise<GrantOutcome> {
    const { client, now } = request;
    const settings = await this.logins.settingsFor(client.environmentId, 'email');
    if (!settings.email.otpLogin) throw new AccessDeniedError('email code logins are not enabled for this environment', { code: 'PROVIDER_DISABLED' });
    const { email: raw, secret: code } = emailCredentials(request.params, 'code');
    const email = normalizeEmail(raw);
    await this.codes.verify({ environmentId: client.environmentId, purpose: EMAIL_LOGIN_PURPOSE, destination: email, code, now });
    return this.logins.login(request, (manager) => this.emailIdentities.signInProven(manager, client.environmentId, email, now), ['otp']);
  }
}
