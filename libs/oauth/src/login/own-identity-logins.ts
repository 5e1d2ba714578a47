import { Injectable } from '@nestjs/common';
import { IdentityError, IdentityMethods, type IdentityMethodSettings, type SignedInIdentity } from '@rapidauth/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { localService } from '../clients/local-service';
import { AccessDeniedError, ConflictError, InvalidGrantError, InvalidOtpError, InvalidRequestError, OAuthError, ServiceUnavailableError, TooManyRequestsError } from '../errors';
import type { GrantOutcome, GrantRequest } from '../grants/grant-type';
import { RefreshTokens } from '../refresh/refresh-tokens';
import type { AuthenticationMethod, LoginClaims } from '../tokens/login-claims';

/** The identity methods a grant of the gateway's own signs in with (docs/gateway.md#own-identities). */
export type OwnIdentityMethod = 'anonymous' | 'customToken' | 'email' | 'phone';

/**
 * What every own-identity grant shares (anonymous, custom token, and the email and phone logins
 * after them): the method must be on, the tokens take the `local` service's settings, and the
 * account the proof finds or creates and the login's family are written in one transaction, so a
 * refused login leaves no account behind. Identity refusals become the token endpoint's errors.
 */
@Injectable()
export class OwnIdentityLogins {
  constructor(
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokens,
    private readonly identityMethods: IdentityMethods,
  ) {}

  /**
   * The environment's settings, when `method` is on.
   * @throws AccessDeniedError PROVIDER_DISABLED
   */
  async settingsFor(environmentId: string, method: OwnIdentityMethod): Promise<IdentityMethodSettings> {
    const settings = await this.identityMethods.forEnvironment(environmentId);
    if (!settings[method].enabled) throw new AccessDeniedError(`${method} logins are not enabled for this environment`, { code: 'PROVIDER_DISABLED' });
    return settings;
  }

  /**
   * Signs in whom `prove` names (on the login's transaction) and begins the login's family, which
   * records the identity's provider and providerUid and the RFC 8176 methods the proof used
   * (`amr`: none for anonymous and custom-token logins, which RFC 8176 has no value for).
   */
  async login(
    request: GrantRequest,
    prove: (manager: EntityManager) => Promise<SignedInIdentity>,
    amr: readonly AuthenticationMethod[] | null = null,
  ): Promise<GrantOutcome> {
    const { client, now, scope } = request;
    const service = await localService(this.dataSource, client.environmentId);
    const { identity, begun, claims } = await asGrantError(() =>
      this.dataSource.transaction(async (manager) => {
        const proven = await prove(manager);
        const loginClaims: LoginClaims = { provider: proven.provider, providerUid: proven.providerUid, amr };
        const started = await this.refreshTokens.beginLogin(manager, { ...client, service }, {
          accountId: proven.accountId,
          identityId: proven.identityId,
          authServiceId: service.id,
          scope,
          authTime: now,
          claims: loginClaims,
        });
        return { identity: proven, begun: started, claims: loginClaims };
      }),
    );
    return {
      subject: { kind: 'user', accountId: identity.accountId, identityId: identity.identityId },
      scope,
      login: { familyId: begun.family.id, authTime: now, serviceId: service.id, claims },
      service,
      refreshToken: begun.refreshToken,
      accountExpiresAt: identity.accountExpiresAt,
    };
  }
}

/** An identity refusal as the token endpoint answers it: RFC 6749 §5.2 `invalid_grant` with the catalogue code. */
export async function asGrantError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OAuthError || !(error instanceof IdentityError)) throw error;
    if (error.code === 'INVALID_TOKEN' || error.code === 'ACCOUNT_DISABLED') throw new InvalidGrantError(error.message, { code: error.code });
    throw codeRefusal(error) ?? error;
  }
}

/**
 * The refusals of the logins that send codes (docs/gateway.md#errors): a wrong code with the
 * guesses left, too many sends (429, Retry-After), an undeliverable message (503, Retry-After: when
 * the next code may be asked for), a malformed address, an identity of another account.
 */
function codeRefusal(error: IdentityError): OAuthError | undefined {
  const secondsUntil = (at: Date | undefined) => Math.max(1, Math.ceil(((at?.getTime() ?? 0) - Date.now()) / 1000));
  switch (error.code) {
    case 'INVALID_OTP':
      return new InvalidOtpError(error.message, error.attemptsLeft ?? 0);
    case 'RATE_LIMITED':
      return new TooManyRequestsError(secondsUntil(error.retryAfter));
    case 'DELIVERY_FAILED':
      return new ServiceUnavailableError({ code: 'DELIVERY_FAILED', retryAfterSeconds: secondsUntil(error.retryAfter), detail: error.message });
    case 'INVALID_PHONE_NUMBER':
    case 'INVALID_EMAIL':
      return new InvalidRequestError(error.message, { code: error.code, field: error.field });
    case 'EXISTING_IDENTITY':
      return new ConflictError(error.message, { code: error.code });
    default:
      return undefined;
  }
}
