import { randomBytes, randomUUID } from 'node:crypto';
import {
  AccountEntity,
  AdminGroupEntity,
  AdminGroupMemberEntity,
  AdminUserEntity,
  AppEntity,
  AppSignatureEntity,
  AuditEventEntity,
  AuthServiceEntity,
  AuthenticationGrantEntity,
  AuthorityEntity,
  AuthorizationCodeEntity,
  BrowserSessionEntity,
  ClientEntity,
  ConsentEntity,
  DataLinkEntity,
  EnvironmentEntity,
  EnvironmentIdentitySettingsEntity,
  EnvironmentServiceEntity,
  IdentityEntity,
  LocalLoginNameEntity,
  LoginThrottleEntity,
  SamlAssertionReplayEntity,
  LoginTransactionEntity,
  MfaChallengeEntity,
  LinkTicketEntity,
  DeviceRegistrationEntity,
  MfaFactorEntity,
  OneTimeCodeEntity,
  CustomTokenReplayEntity,
  DpopProofJtiEntity,
  OrganizationEntity,
  ProfileBiometricKeyEntity,
  ProfilePinEntity,
  RecoveryCodeEntity,
  RefreshTokenEntity,
  RefreshTokenFamilyEntity,
  RevocationEntryEntity,
  RoleEntity,
  SigningKeyEntity,
  VaultEntryEntity,
} from '@rapidauth/database';
import type { EntityManager } from 'typeorm';

const unique = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;
const hex64 = () => randomBytes(32).toString('hex');
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);

/** One saved row of every core entity, linked as in production. Keys are entity class names. */
export type FixtureGraph = Record<string, object>;

/**
 * Creates an organization with an app, an environment with its `local` service enabled and
 * default, a client, an account with an identity, an admin with an authority, and one row of
 * every token-side table. Every field is set to a non-default value so round-trips prove them.
 */
export async function createFixtureGraph(manager: EntityManager): Promise<FixtureGraph> {
  const save = <T extends object>(entity: new () => T, values: Partial<T>) =>
    manager.save(entity, manager.create(entity, values as never)) as Promise<T>;

  const organization = await save(OrganizationEntity, {
    name: unique('org'),
    displayName: 'Acme Corp',
    clientId: unique('orgclient'),
    clientSecretHash: hex64(),
    clientSecretRotatedAt: new Date('2026-01-02T03:04:05Z'),
    enabled: true,
  });
  const app = await save(AppEntity, { organizationId: organization.id, name: unique('app'), displayName: 'Acme Mobile' });
  const environment = await save(EnvironmentEntity, {
    appId: app.id,
    organizationId: organization.id,
    name: 'production',
    appKey: unique('key'),
    appSecretHash: hex64(),
    customScopes: ['orders:read', 'orders:write'],
    usergridCompatibility: false,
  });
  const authService = await save(AuthServiceEntity, {
    organizationId: organization.id,
    environmentId: environment.id,
    name: 'Own identities',
    description: 'Username and password',
    type: 'local',
    config: { redirectUris: ['https://app.example.com/cb'], tokenTtl: 900, loginPage: { mode: 'default' } },
    encryptedSecrets: 'v1.default.ciphertext',
    enabled: true,
  });
  environment.defaultServiceId = authService.id;
  await manager.save(environment);
  app.defaultEnvironmentId = environment.id;
  await manager.save(app);
  const environmentService = await save(EnvironmentServiceEntity, {
    environmentId: environment.id,
    authServiceId: authService.id,
  });
  const appSignature = await save(AppSignatureEntity, {
    id: randomUUID(),
    environmentId: environment.id,
    identifier: 'com.acme.app',
    version: '1.0.0',
    platform: 'android',
    ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64-T1M',
    secretSealed: 'v1.default.ciphertext',
    redirectUris: ['com.acme.app:/cb'],
    scopes: ['openid', 'offline_access'],
    pinMaxAttempts: 4,
    pinMinLength: 6,
    dpop: 'allowed',
    clientSecretTtlSeconds: 86_400,
    enabled: false,
  });
  const client = await save(ClientEntity, {
    environmentId: environment.id,
    clientId: unique('client'),
    name: 'Acme SPA',
    kind: 'registered',
    type: 'public',
    applicationType: 'native',
    firstParty: true,
    redirectUris: ['com.acme.app:/cb', 'http://127.0.0.1/cb'],
    postLogoutRedirectUris: ['com.acme.app:/bye'],
    allowedOrigins: ['https://app.example.com'],
    grantTypes: ['authorization_code', 'refresh_token'],
    tokenEndpointAuthMethod: 'none',
    idTokenSignedResponseAlg: 'ES256',
    secretHash: null,
    secretExpiresAt: new Date('2100-01-01T00:00:00Z'),
    registrationTokenHash: hex64(),
    enabled: true,
  });
  const account = await save(AccountEntity, { environmentId: environment.id, disabled: false, lastLoginAt: new Date(), expiresAt: new Date('2100-01-01T00:00:00Z') });
  const identity = await save(IdentityEntity, {
    accountId: account.id,
    environmentId: environment.id,
    provider: 'local',
    providerUid: unique('user'),
    usernameNormalized: unique('alice'),
    emailNormalized: `${unique('alice')}@example.com`,
    emailVerified: true,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    profile: { given_name: 'Alice', groups: ['staff'] },
    lastLoginAt: new Date(),
  });
  const localLoginName = await save(LocalLoginNameEntity, { environmentId: environment.id, name: identity.usernameNormalized!, identityId: identity.id });
  const adminUser = await save(AdminUserEntity, {
    username: unique('admin'),
    email: 'admin@example.com',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    disabled: false,
  });
  const role = await save(RoleEntity, {
    name: unique('role'),
    description: 'Custom role',
    permissions: ['clients:read', 'keys:rotate'],
    builtIn: false,
  });
  const authority = await save(AuthorityEntity, {
    principalType: 'admin',
    principalId: adminUser.id,
    roleId: role.id,
    targetType: 'organization',
    targetId: organization.id,
    createdBy: adminUser.id,
  });
  const adminGroup = await save(AdminGroupEntity, {
    organizationId: organization.id,
    name: unique('group'),
    description: 'On-call operators',
    createdBy: adminUser.id,
  });
  const adminGroupMember = await save(AdminGroupMemberEntity, { groupId: adminGroup.id, adminId: adminUser.id });
  const signingKey = await save(SigningKeyEntity, {
    kid: unique('kid'),
    alg: 'ES256',
    publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' },
    encryptedPrivateKey: 'v1.default.ciphertext',
    encryptionKeyId: 'default',
    activatesAt: inSeconds(600),
    deactivatedAt: null,
    retiresAt: null,
  });
  const revocationEntry = await save(RevocationEntryEntity, {
    kind: 'jti',
    value: randomUUID(),
    expiresAt: inSeconds(3600),
    reason: 'revoked_by_client',
  });
  const authenticationGrant = await save(AuthenticationGrantEntity, {
    environmentId: environment.id,
    organizationId: organization.id,
    principalId: account.id,
    clientId: client.clientId,
    registeredClientId: client.id,
    title: 'iPad Application',
    description: 'Kiosk login',
    key: `ag_${randomBytes(32).toString('base64url')}`,
    secretHash: hex64(),
    enabled: false,
    allowOpenDriverAuthentication: true,
    createdBy: adminUser.id,
  });
  const family = await save(RefreshTokenFamilyEntity, {
    environmentId: environment.id,
    clientId: client.clientId,
    accountId: account.id,
    identityId: identity.id,
    authServiceId: authService.id,
    grantId: authenticationGrant.id,
    scope: 'openid offline_access',
    authTime: new Date(),
    absoluteExpiresAt: inSeconds(1_209_600),
    revokedAt: null,
    revokedReason: null,
  });
  const refreshToken = await save(RefreshTokenEntity, {
    familyId: family.id,
    tokenHash: hex64(),
    expiresAt: inSeconds(1_209_600),
    rotatedAt: null,
  });
  const authorizationCode = await save(AuthorizationCodeEntity, {
    codeHash: hex64(),
    environmentId: environment.id,
    clientId: client.clientId,
    accountId: account.id,
    identityId: identity.id,
    authServiceId: authService.id,
    redirectUri: 'com.acme.app:/cb',
    scope: 'openid',
    nonce: 'n-0S6_WzA2Mj',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    codeChallengeMethod: 'S256',
    authTime: new Date(),
    sessionId: unique('sid'),
    dpopJkt: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
    expiresAt: inSeconds(10),
    consumedAt: null,
    familyId: family.id,
  });
  const vaultEntry = await save(VaultEntryEntity, {
    id: randomUUID(),
    familyId: family.id,
    authorizationCodeId: null,
    masterKeyId: 'default',
    wrappedKey: 'v1.default.iv.wrapped',
    ciphertext: 'v1.iv.ciphertext',
    upstreamExpiresAt: inSeconds(3600),
    earliestExpiresAt: inSeconds(1800),
    leaseHolder: randomUUID(),
    leaseExpiresAt: inSeconds(30),
  });
  const dataLink = await save(DataLinkEntity, {
    environmentId: environment.id,
    name: unique('orders-'),
    backendUrl: 'https://orders.internal.example/api',
    authServiceId: authService.id,
    timeoutMs: 2500,
    enabled: false,
  });
  const auditEvent = await save(AuditEventEntity, {
    actorType: 'admin',
    actorId: adminUser.id,
    action: 'client.create',
    targetType: 'client',
    targetId: client.id,
    organizationId: organization.id,
    outcome: 'success',
    ip: '127.0.0.1',
    userAgent: 'jest',
    details: { name: client.name },
  });

  const browserSession = await save(BrowserSessionEntity, {
    cookieHash: hex64(),
    environmentId: environment.id,
    accountId: account.id,
    identityId: identity.id,
    authServiceId: authService.id,
    authTime: new Date(),
    expiresAt: inSeconds(86_400),
  });
  const loginTransaction = await save(LoginTransactionEntity, {
    environmentId: environment.id,
    request: { client_id: client.clientId, scope: 'openid', state: 'xyz' },
    browserBindingHash: hex64(),
    sessionId: browserSession.id,
    expiresAt: inSeconds(300),
    consumedAt: null,
  });
  const loginThrottle = await save(LoginThrottleEntity, {
    key: `identity:${identity.id}`,
    failures: 3,
    windowStartedAt: new Date(),
    lockedUntil: inSeconds(900),
  });
  const samlAssertionReplay = await save(SamlAssertionReplayEntity, { serviceId: authService.id, assertionId: unique('_assertion'), expiresAt: inSeconds(300) });
  const oneTimeCode = await save(OneTimeCodeEntity, {
    environmentId: environment.id,
    purpose: 'password-reset',
    destination: 'ada@example.com',
    codeHash: hex64(),
    attempts: 2,
    maxAttempts: 5,
    expiresAt: inSeconds(300),
    consumedAt: new Date(),
    accountId: account.id,
    identityId: identity.id,
    payload: { pending: { displayName: 'Ada' } },
  });
  const customTokenReplay = await save(CustomTokenReplayEntity, { environmentId: environment.id, jti: unique('jti'), expiresAt: inSeconds(3600) });
  const profilePin = await save(ProfilePinEntity, { familyId: family.id, pinHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', failedAttempts: 1 });
  const profileBiometricKey = await save(ProfileBiometricKeyEntity, {
    familyId: family.id,
    jwk: { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' },
    jkt: unique('jkt'),
  });
  const dpopProofJti = await save(DpopProofJtiEntity, { jkt: unique('jkt'), jti: unique('jti'), expiresAt: inSeconds(300) });
  const identitySettings = await save(EnvironmentIdentitySettingsEntity, {
    environmentId: environment.id,
    settings: { anonymous: { enabled: true }, authorizedOrigins: ['https://app.example.com'] },
    customTokenSecretSealed: 'v1.default.ciphertext',
  });
  const mfaFactor = await save(MfaFactorEntity, {
    accountId: account.id,
    environmentId: environment.id,
    type: 'totp',
    secretSealed: 'v1.default.ciphertext',
    confirmedAt: new Date(),
    lastUsedStep: 60_000_000,
  });
  const recoveryCode = await save(RecoveryCodeEntity, { accountId: account.id, codeHash: hex64(), usedAt: null });
  const mfaChallenge = await save(MfaChallengeEntity, {
    tokenHash: hex64(),
    accountId: account.id,
    environmentId: environment.id,
    clientId: client.clientId,
    login: { identityId: identity.id, provider: 'local', amr: ['pwd'], scope: 'openid' },
    attempts: 1,
    expiresAt: inSeconds(300),
    consumedAt: null,
  });
  const linkTicket = await save(LinkTicketEntity, { ticketHash: hex64(), accountId: account.id, environmentId: environment.id, expiresAt: inSeconds(300), consumedAt: null });
  const deviceRegistration = await save(DeviceRegistrationEntity, { appSignatureId: appSignature.id, challenge: 'ab'.repeat(32), expiresAt: inSeconds(300), consumedAt: new Date() });
  const consent = await save(ConsentEntity, { accountId: account.id, clientId: client.clientId, scopes: ['openid', 'profile'] });

  return {
    BrowserSessionEntity: browserSession,
    LoginTransactionEntity: loginTransaction,
    LoginThrottleEntity: loginThrottle,
    ConsentEntity: consent,
    OrganizationEntity: organization,
    AppEntity: app,
    EnvironmentEntity: environment,
    AuthServiceEntity: authService,
    EnvironmentServiceEntity: environmentService,
    ClientEntity: client,
    AppSignatureEntity: appSignature,
    AccountEntity: account,
    IdentityEntity: identity,
    LocalLoginNameEntity: localLoginName,
    AdminUserEntity: adminUser,
    RoleEntity: role,
    AuthorityEntity: authority,
    AdminGroupEntity: adminGroup,
    AdminGroupMemberEntity: adminGroupMember,
    SigningKeyEntity: signingKey,
    RevocationEntryEntity: revocationEntry,
    RefreshTokenFamilyEntity: family,
    RefreshTokenEntity: refreshToken,
    AuthorizationCodeEntity: authorizationCode,
    AuditEventEntity: auditEvent,
    AuthenticationGrantEntity: authenticationGrant,
    VaultEntryEntity: vaultEntry,
    DataLinkEntity: dataLink,
    SamlAssertionReplayEntity: samlAssertionReplay,
    OneTimeCodeEntity: oneTimeCode,
    CustomTokenReplayEntity: customTokenReplay,
    DpopProofJtiEntity: dpopProofJti,
    EnvironmentIdentitySettingsEntity: identitySettings,
    MfaFactorEntity: mfaFactor,
    RecoveryCodeEntity: recoveryCode,
    MfaChallengeEntity: mfaChallenge,
    LinkTicketEntity: linkTicket,
    DeviceRegistrationEntity: deviceRegistration,
    ProfilePinEntity: profilePin,
    ProfileBiometricKeyEntity: profileBiometricKey,
  };
}
