export { hashPassword, verifyAgainstNobody, verifyPassword } from './password-hasher';
export { IdentityError } from './identity.errors';
export type { IdentityErrorCode } from './identity.errors';
export { LocalIdentities, LOCAL_PROVIDER } from './local/local-identities';
export type { AuthenticatedIdentity } from './local/local-identities';
export { checkPasswordStrength, MIN_PASSWORD_LENGTH } from './local/password-policy';
export { addressKey, DEFAULT_LOCKOUT_POLICY, LoginThrottle, subjectKey, unknownSubjectKey } from './lockout/login-throttle';
export type { LockoutPolicy, Reservation, ThrottleKeys, Verification } from './lockout/login-throttle';
export { IdentityModule } from './identity.module';
