/** Fills AccountMfa's audit port: the app that serves the gateway records each event in its audit log. */
export const ACCOUNT_MFA_AUDIT = Symbol('ACCOUNT_MFA_AUDIT');

/** The account whose authenticator changes, and the login that changes it. */
export interface MfaAccount {
  readonly accountId: string;
  readonly environmentId: string;
  readonly organizationId: string;
  /** The identity the login signed in with (names the account in the authenticator app). */
  readonly identityId: string | null;
  /** The login's family; null for a login still waiting for its second factor. */
  readonly familyId: string | null;
}

/** Where the request came from, for the audit log. */
export interface MfaOrigin {
  readonly ip?: string;
  readonly userAgent?: string;
}

export type MfaAuditAction = 'user.mfa_enrol' | 'user.mfa_confirm';

/** Records an enrolment or a confirmation, whichever way it came in (an account's Bearer token or a sign-in's challenge). */
export interface AccountMfaAudit {
  record(action: MfaAuditAction, account: MfaAccount, origin: MfaOrigin): Promise<void>;
}
