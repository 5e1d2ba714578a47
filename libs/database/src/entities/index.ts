export * from './timestamps';
export * from './login-claims.columns';
export * from './organization.entity';
export * from './app.entity';
export * from './environment.entity';
export * from './auth-service.entity';
export * from './environment-service.entity';
export * from './client.entity';
export * from './app-signature.entity';
export * from './account.entity';
export * from './identity.entity';
export * from './admin-user.entity';
export * from './role.entity';
export * from './authority.entity';
export * from './signing-key.entity';
export * from './revocation-entry.entity';
export * from './refresh-token-family.entity';
export * from './refresh-token.entity';
export * from './authorization-code.entity';
export * from './audit-event.entity';
export * from './browser-session.entity';
export * from './login-transaction.entity';
export * from './login-throttle.entity';
export * from './consent.entity';
export * from './admin-group.entity';
export * from './authentication-grant.entity';
export * from './vault-entry.entity';
export * from './data-link.entity';
export * from './saml-assertion-replay.entity';
export * from './one-time-code.entity';
export * from './custom-token-replay.entity';
export * from './dpop-proof-jti.entity';
export * from './environment-identity-settings.entity';
export * from './mfa-factor.entity';
export * from './recovery-code.entity';
export * from './mfa-challenge.entity';
export * from './link-ticket.entity';
export * from './device-registration.entity';
export * from './profile-pin.entity';
export * from './profile-biometric-key.entity';

import { AccountEntity } from './account.entity';
import { AuthenticationGrantEntity } from './authentication-grant.entity';
import { AdminUserEntity } from './admin-user.entity';
import { AppEntity } from './app.entity';
import { AuditEventEntity } from './audit-event.entity';
import { AuthServiceEntity } from './auth-service.entity';
import { BrowserSessionEntity } from './browser-session.entity';
import { ConsentEntity } from './consent.entity';
import { AdminGroupEntity, AdminGroupMemberEntity } from './admin-group.entity';
import { LoginThrottleEntity } from './login-throttle.entity';
import { LoginTransactionEntity } from './login-transaction.entity';
import { AuthorityEntity } from './authority.entity';
import { AuthorizationCodeEntity } from './authorization-code.entity';
import { ClientEntity } from './client.entity';
import { EnvironmentServiceEntity } from './environment-service.entity';
import { EnvironmentEntity } from './environment.entity';
import { IdentityEntity, LocalLoginNameEntity } from './identity.entity';
import { OrganizationEntity } from './organization.entity';
import { RefreshTokenFamilyEntity } from './refresh-token-family.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RevocationEntryEntity } from './revocation-entry.entity';
import { RoleEntity } from './role.entity';
import { SigningKeyEntity } from './signing-key.entity';
import { VaultEntryEntity } from './vault-entry.entity';
import { DataLinkEntity } from './data-link.entity';
import { SamlAssertionReplayEntity } from './saml-assertion-replay.entity';
import { OneTimeCodeEntity } from './one-time-code.entity';
import { CustomTokenReplayEntity } from './custom-token-replay.entity';
import { DpopProofJtiEntity } from './dpop-proof-jti.entity';
import { EnvironmentIdentitySettingsEntity } from './environment-identity-settings.entity';
import { MfaFactorEntity } from './mfa-factor.entity';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { MfaChallengeEntity } from './mfa-challenge.entity';
import { LinkTicketEntity } from './link-ticket.entity';
import { AppSignatureEntity } from './app-signature.entity';
import { DeviceRegistrationEntity } from './device-registration.entity';
import { ProfilePinEntity } from './profile-pin.entity';
import { ProfileBiometricKeyEntity } from './profile-biometric-key.entity';

/** Every entity the data source knows; later issues append theirs. */
export const ALL_ENTITIES = [
  OrganizationEntity,
  AppEntity,
  EnvironmentEntity,
  AuthServiceEntity,
  EnvironmentServiceEntity,
  ClientEntity,
  AccountEntity,
  IdentityEntity,
  LocalLoginNameEntity,
  AdminUserEntity,
  RoleEntity,
  AuthorityEntity,
  SigningKeyEntity,
  RevocationEntryEntity,
  RefreshTokenFamilyEntity,
  RefreshTokenEntity,
  AuthorizationCodeEntity,
  AuditEventEntity,
  BrowserSessionEntity,
  LoginTransactionEntity,
  LoginThrottleEntity,
  ConsentEntity,
  AdminGroupEntity,
  AdminGroupMemberEntity,
  AuthenticationGrantEntity,
  VaultEntryEntity,
  DataLinkEntity,
  SamlAssertionReplayEntity,
  OneTimeCodeEntity,
  CustomTokenReplayEntity,
  DpopProofJtiEntity,
  EnvironmentIdentitySettingsEntity,
  MfaFactorEntity,
  RecoveryCodeEntity,
  MfaChallengeEntity,
  LinkTicketEntity,
  AppSignatureEntity,
  DeviceRegistrationEntity,
  ProfilePinEntity,
  ProfileBiometricKeyEntity,
];
