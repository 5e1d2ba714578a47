/**
 * What each sealed value is, bound into its seal as associated data (see Vault): a value sealed
 * as one cannot be opened as another. Master-key rotation opens each under the same purpose.
 */
export const SEALED_PURPOSES = {
  /** A token signing key's PKCS#8 private key. */
  signingKey: 'signing-key',
  /** An auth service's secret settings (JSON). */
  authServiceSecrets: (authServiceId: string) => `auth-service:${authServiceId}`,
  /** A vault entry's data key. */
  vaultEntryKey: (entryId: string) => `vault-entry:${entryId}`,
  /** An environment's custom-token HS256 secret (identity-method settings). */
  identityCustomTokenSecret: (environmentId: string) => `identity-custom-token:${environmentId}`,
  /** An app signature's OCRA key (docs/admin-api.md#app-signatures). */
  appSignatureSecret: (signatureId: string) => `app-signature:${signatureId}`,
  /** An account's TOTP secret (base32). */
  mfaFactor: (factorId: string) => `mfa-factor:${factorId}`,
  /** A redirect login's kept values and upstream tokens, for the minutes until it completes (not rotated: it expires first). */
  loginTransaction: (transactionId: string) => `login-transaction:${transactionId}`,
} as const;
