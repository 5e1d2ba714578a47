import { Injectable } from '@nestjs/common';
import { IdentityMethods, type TotpEnrolment } from '@rapidauth/identity';
import { authorizationScheme, ChallengeEnrolment, ClientAuthenticator, InvalidClientError, pickParameters, RateLimits, readParameters } from '@rapidauth/oauth';
import type { Request } from 'express';
import { requestOrigin } from './account/account.controller';
import { ownIdentityParameters, requireField } from './own-identity-body';

const FIELDS = ['client_id', 'client_secret', 'mfa_token'] as const;

/**
 * POST /v3/auth/mfa/totp without a Bearer token: a sign-in answered 403 MFA_ENROLLMENT_REQUIRED
 * enrols its authenticator with `{client_id, mfa_token}` (docs/gateway.md#second-factor-at-login).
 * The client is authenticated and rate-limited as at the token endpoint, and must be the one the
 * challenge was opened for.
 */
@Injectable()
export class MfaEnrolmentAtSignIn {
  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly identityMethods: IdentityMethods,
    private readonly rateLimits: RateLimits,
    private readonly enrolment: ChallengeEnrolment,
  ) {}

  async begin(request: Request, now = new Date()): Promise<TotpEnrolment> {
    const params = pickParameters(readParameters(ownIdentityParameters(request, FIELDS)), FIELDS);
    const client = await this.authenticator.authenticate(
      { authorization: request.headers.authorization, body: params, origin: request.headers.origin },
      async (app) => (await this.identityMethods.forEnvironment(app.environmentId)).authorizedOrigins,
    );
    if (client.kind !== 'app') throw new InvalidClientError('an organization client cannot sign users in', { detail: 'organization client at the enrolment endpoint' });
    // After the client: wrong client credentials are 401 invalid_client whatever the body (RFC 6749 §5.2).
    requireField(params, 'mfa_token');
    const authenticated = authorizationScheme(request.headers.authorization) === 'basic' || params.client_secret !== undefined;
    await this.rateLimits.tokenRequest(client.clientId, authenticated);
    return this.enrolment.begin(client, params.mfa_token, requestOrigin(request), now);
  }
}
