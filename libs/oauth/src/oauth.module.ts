import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { IdentityModule } from '@rapidauth/identity';
import { REDIS } from '@rapidauth/redis';
import type Redis from 'ioredis';
import { MemoryRateLimiter, RATE_LIMITER } from './rate-limit/rate-limiter';
import { RateLimits } from './rate-limit/rate-limits';
import { RedisRateLimiter } from './rate-limit/redis-rate-limiter';
import { DpopProofs } from './dpop/dpop-proofs';
import { DpopResourceCheck } from './dpop/dpop-resource-check';
import { DPOP_REPLAYS, RedisDpopReplays, TableDpopReplays } from './dpop/dpop-replays';
import { DpopProofJtis } from './dpop/dpop-replays.repository';
import { TenancyModule } from '@rapidauth/tenancy';
import { ConnectorsModule } from '@rapidauth/connectors';
import { UsergridTokens } from './usergrid/usergrid-tokens';
import { VaultModule } from '@rapidauth/vault';
import { AuthorizationCodes } from './authorization/authorization-codes';
import { AuthorizationFlow } from './authorization/authorization-flow';
import { MfaStep } from './authorization/mfa-step';
import { ReusableSessions } from './authorization/session-reuse';
import { BrowserSessions } from './authorization/browser-sessions';
import { Consents } from './authorization/consents';
import { FormLogins } from './login/form-logins';
import { OwnIdentityLogins } from './login/own-identity-logins';
import { SecondFactors } from './login/second-factors';
import { ChallengeEnrolment } from './login/challenge-enrolment';
import { PhoneCodeSends } from './login/phone-code-sends';
import { RedirectLogins } from './login/redirect-logins';
import { LoginTransactions } from './authorization/login-transactions';
import { RefreshTokens } from './refresh/refresh-tokens';
import { UpstreamRefresh } from './refresh/upstream-refresh';
import { UpstreamValidation } from './refresh/upstream-validation';
import { Logout } from './session/logout';
import { UserInfo } from './session/userinfo';
import { IdTokenMinter } from './tokens/id-token-minter';
import { ClientAuthenticator } from './clients/client-authenticator';
import { ClientResolver } from './clients/client-resolver';
import { ClientRepository } from './clients/client.repository';
import { Discovery } from './discovery/discovery';
import { GRANT_TYPE_CLASSES, GRANT_TYPES } from './grants';
import { Introspection } from './introspection/introspection';
import { SharedServiceAcceptance } from './introspection/shared-service-acceptance';
import { SigningKeyRepository } from './keys/signing-key.repository';
import { SigningKeys } from './keys/signing-keys';
import { TokenRevocation } from './revocation/token-revocation';
import { RevocationRepository } from './revocation/revocation.repository';
import { Revocations } from './revocation/revocations';
import { TokenEndpoint } from './token-endpoint/token-endpoint';
import { AccessTokenMinter } from './tokens/access-token-minter';
import { AccessTokenVerifier } from './tokens/access-token-verifier';
import { AccountLogins } from './account/account-login';
import { AccountMfa } from './account/account-mfa';
import { AccountLinks } from './account/account-links';
import { LinkTickets } from './account/link-tickets';
import { AccountRemoval } from './account/account-removal';
import { AccountViews } from './account/account-views';
import { FreshLogins } from './account/fresh-logins';

/** Loads the signing keys and the revocation list, and subscribes the caches, before the app takes requests. */
@Injectable()
class OAuthStartup implements OnApplicationBootstrap {
  constructor(
    private readonly keys: SigningKeys,
    private readonly revocations: Revocations,
    private readonly clients: ClientResolver,
    private readonly sharedServices: SharedServiceAcceptance,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.start();
    await this.revocations.start();
    await this.clients.start();
    await this.sharedServices.start();
  }
}

const SERVICES = [
  ClientRepository,
  ClientResolver,
  ClientAuthenticator,
  SigningKeyRepository,
  SigningKeys,
  RevocationRepository,
  Revocations,
  AccessTokenMinter,
  AccessTokenVerifier,
  TokenEndpoint,
  SharedServiceAcceptance,
  Introspection,
  TokenRevocation,
  Discovery,
  BrowserSessions,
  LoginTransactions,
  AuthorizationCodes,
  Consents,
  AuthorizationFlow,
  ReusableSessions,
  FormLogins,
  OwnIdentityLogins,
  SecondFactors,
  PhoneCodeSends,
  RedirectLogins,
  RefreshTokens,
  UpstreamRefresh,
  UpstreamValidation,
  IdTokenMinter,
  UserInfo,
  Logout,
  RateLimits,
  UsergridTokens,
  AccountLogins,
  FreshLogins,
  AccountViews,
  AccountRemoval,
  AccountLinks,
  LinkTickets,
  AccountMfa,
  ChallengeEnrolment,
  MfaStep,
  DpopProofs,
  DpopProofJtis,
  DpopResourceCheck,
];

@Module({
  imports: [VaultModule, IdentityModule, ConnectorsModule, TenancyModule],
  providers: [
    ...SERVICES,
    ...GRANT_TYPE_CLASSES,
    { provide: GRANT_TYPES, useFactory: (...grants: unknown[]) => grants, inject: GRANT_TYPE_CLASSES },
    {
      provide: RATE_LIMITER,
      inject: [REDIS],
      useFactory: (redis: Redis | null) => (redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter()),
    },
    {
      provide: DPOP_REPLAYS,
      inject: [REDIS, DpopProofJtis],
      useFactory: (redis: Redis | null, table: DpopProofJtis) => (redis ? new RedisDpopReplays(redis, table) : new TableDpopReplays(table)),
    },
    OAuthStartup,
  ],
  exports: SERVICES,
})
export class OAuthModule {}
