import { Injectable } from '@nestjs/common';
import { AccountIdentities, IdentityMethods, type IdentityMethodSettings, type SignedInIdentity } from '@rapidauth/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { localService } from '../clients/local-service';
import { AccessDeniedError, InvalidGrantError } from '../errors';
import { refusingAsOAuth } from '../http/identity-refusals';
import type { GrantOutcome, GrantRequest } from '../grants/grant-type';
import { RefreshTokens } from '../refresh/refresh-tokens';
import type { AuthenticationMethod, LoginClaims } from '../tokens/login-claims';
import { SecondFactors, withSecondFactor, type SecondFactorNeed, type WaitingLogin } from './second-factors';

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
  private readonly accounts: AccountIdentities;

  constructor(
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokens,
    private readonly identityMethods: IdentityMethods,
    private readonly secondFactors: SecondFactors,
  ) {
    this.accounts = new AccountIdentities(dataSource);
  }

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
   * An account that needs a second factor gets no family: the proof is kept (a spent code stays
   * spent) and the login waits behind a challenge (403 mfa_required). One that must enrol an
   * authenticator first waits behind an enrolment challenge, written with the account the proof
   * found or created; an anonymous login, which cannot enrol, is refused with nothing written.
   */
  async login(
    request: GrantRequest,
    prove: (manager: EntityManager) => Promise<SignedInIdentity>,
    amr: readonly AuthenticationMethod[] | null = null,
  ): Promise<GrantOutcome> {
    const { client, now, scope } = request;
    const [service, mfaRequired] = await Promise.all([localService(this.dataSource, client.environmentId), this.secondFactors.requiredIn(client.environmentId)]);
    const signedIn = await refusingAsOAuth(() =>
      this.dataSource.transaction(async (manager) => {
        const proven = await prove(manager);
        const claims: LoginClaims = { provider: proven.provider, providerUid: proven.providerUid, amr };
        const need: SecondFactorNeed = await this.secondFactors.need(proven.accountId, mfaRequired, manager);
        if (need === 'enrol') {
          const refusal = await this.secondFactors.refusal(need, client, waitingLogin(proven, service.id, scope, claims), now, manager);
          // Without a challenge (an anonymous login) nothing of the login is kept.
          if (!refusal.waiting) throw refusal;
          return { identity: proven, claims, begun: null, refusal };
        }
        if (need === 'challenge') return { identity: proven, claims, begun: null };
        const begun = await this.refreshTokens.beginLogin(manager, { ...client, service }, {
          accountId: proven.accountId,
          identityId: proven.identityId,
          authServiceId: service.id,
          scope,
          authTime: now,
          claims,
        });
        return { identity: proven, claims, begun };
      }),
    );
    const { identity, claims, begun } = signedIn;
    if ('refusal' in signedIn && signedIn.refusal) throw signedIn.refusal;
    if (!begun) throw await this.secondFactors.refusal('challenge', client, waitingLogin(identity, service.id, scope, claims), now);
    return {
      subject: { kind: 'user', accountId: identity.accountId, identityId: identity.identityId },
      scope,
      login: { familyId: begun.family.id, authTime: now, serviceId: service.id, claims },
      service,
      refreshToken: begun.refreshToken,
      accountExpiresAt: identity.accountExpiresAt,
    };
  }

  /**
   * Finishes a login whose second factor was right: its family begins now (`auth_time`), with the
   * first factor's scope and claims and RFC 8176 `mfa otp` added, in the service the first factor
   * used. The account or identity removed, disabled or expired meanwhile: invalid_grant.
   */
  async resume(request: GrantRequest, waiting: WaitingLogin): Promise<GrantOutcome> {
    const { client, now } = request;
    const service = waiting.authServiceId === client.service.id ? client.service : await localService(this.dataSource, client.environmentId);
    // A hosted page's challenge finishes in its browser, into an authorization code.
    if (service.id !== waiting.authServiceId || waiting.transactionId !== undefined) {
      throw new InvalidGrantError('the login waiting for its second factor belongs to a login page; sign in again', { code: 'INVALID_GRANT' });
    }
    const claims = withSecondFactor(waiting.claims);
    const scope = [...waiting.scope];
    const { begun, account } = await this.dataSource.transaction(async (manager) => {
      const stillThere = await this.accounts.stillSignedIn(manager, waiting.accountId, waiting.identityId, now);
      if (!stillThere) throw new InvalidGrantError('the account or identity of this login is gone or disabled; sign in again', { code: 'INVALID_GRANT' });
      const started = await this.refreshTokens.beginLogin(manager, { ...client, service }, {
        accountId: waiting.accountId,
        identityId: waiting.identityId,
        authServiceId: service.id,
        scope,
        authTime: now,
        claims,
      });
      return { begun: started, account: stillThere };
    });
    return {
      subject: { kind: 'user', accountId: waiting.accountId, identityId: waiting.identityId },
      scope,
      login: { familyId: begun.family.id, authTime: now, serviceId: service.id, claims },
      service,
      refreshToken: begun.refreshToken,
      accountExpiresAt: account.accountExpiresAt,
    };
  }
}

function waitingLogin(identity: SignedInIdentity, authServiceId: string, scope: readonly string[], claims: LoginClaims): WaitingLogin {
  return { accountId: identity.accountId, identityId: identity.identityId, authServiceId, scope, claims };
}
