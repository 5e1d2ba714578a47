import { Injectable } from '@nestjs/common';
import { IdentityError, LocalIdentities, normalizeEmail } from '@rapidauth/identity';
import { AccessDeniedError } from '../errors';
import { OwnIdentityLogins } from '../login/own-identity-logins';
import { RateLimits } from '../rate-limit/rate-limits';
import type { ScopePolicy } from '../tokens/scopes';
import type { GrantOutcome, GrantRequest, GrantType } from './grant-type';
import { emailCredentials } from './email-parameters';

export const EMAIL_PASSWORD_GRANT_TYPE = 'urn:rapidauth:grant-type:email-password';

/**
 * An email identity's address and password (docs/gateway.md#email-login): the sign-in rate limit,
 * then LocalIdentities under the lockout (unknown addresses cost and answer the same:
 * INVALID_CREDENTIALS); only a right password learns that the address is unverified
 * (UNVERIFIED_IDENTITY, under `requireVerification`). RFC 8176 `pwd`.
 */
@Injectable()
export class EmailPasswordGrant implements GrantType {
  readonly name = EMAIL_PASSWORD_GRANT_TYPE;
  readonly parameters = ['email', 'password', 'scope'];
  readonly requiredParameters = [];
  readonly confidentialOnly = false;
  readonly scopePolicy: ScopePolicy = { from: 'request', openid: true };

  constructor(
    private readonly logins: OwnIdentityLogins,
    private readonly localIdentities: LocalIdentities,
    private readonly rateLimits: RateLimits,
  ) {}

  async authorize(request: GrantRequest): Promise<GrantOutcome> {
    const { client, now, ip } = request;
    const settings = await this.logins.settingsFor(client.environmentId, 'email');
    if (!settings.email.passwordLogin) throw new AccessDeniedError('email and password logins are not enabled for this environment', { code: 'PROVIDER_DISABLED' });
    const { email: raw, secret: password } = emailCredentials(request.params, 'password');
    const email = normalizeEmail(raw);
    await this.rateLimits.signIn(client.environmentId, ip, email);
    const identity = await this.localIdentities.authenticateEmail({ environmentId: client.environmentId, email, password, ip }, now);
    if (settings.email.requireVerification && !identity.emailVerified) {
      throw new IdentityError('UNVERIFIED_IDENTITY', 'confirm the email address before signing in with it');
    }
    const signedIn = { accountId: identity.accountId, identityId: identity.identityId, provider: identity.provider, providerUid: identity.providerUid, accountExpiresAt: null };
    return this.logins.login(request, async () => signedIn, ['pwd']);
  }
}
