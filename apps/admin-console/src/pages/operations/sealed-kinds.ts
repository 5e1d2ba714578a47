import type { SealedCounts } from './types';

/** The kinds of value the vault's master key seals, named as docs/operations.md names them. */
export const SEALED_KINDS: readonly { readonly key: keyof SealedCounts; readonly label: string }[] = [
  { key: 'vaultEntries', label: 'Vault entries' },
  { key: 'authServices', label: 'Auth services' },
  { key: 'signingKeys', label: 'Signing keys' },
  { key: 'identitySettings', label: 'Identity settings' },
  { key: 'mfaFactors', label: 'MFA factors' },
  { key: 'appSignatures', label: 'App signatures' },
];
