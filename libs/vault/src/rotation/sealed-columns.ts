import { SEALED_PURPOSES } from '../purposes';

/** What the vault has sealed, by kind; the names are those of the admin API's counts. */
export type SealedKind = 'vaultEntries' | 'authServices' | 'signingKeys' | 'identitySettings' | 'mfaFactors' | 'appSignatures';

/**
 * A column holding values sealed by the master key: where it is, how each row's master key id
 * is read, and the purpose each value was sealed for (see SEALED_PURPOSES).
 */
export interface SealedColumn {
  readonly kind: SealedKind;
  readonly table: string;
  readonly idColumn: string;
  readonly idType: 'uuid' | 'varchar';
  readonly sealedColumn: string;
  /** The column recording the master key id beside the value; absent when only the value's prefix names it. */
  readonly keyIdColumn?: string;
  purpose(id: string): string;
}

/** Every sealed column; master-key rotation rewraps each. A new sealed column must be listed here. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    kind: 'vaultEntries',
    table: 'vault_entry',
    idColumn: 'id',
    idType: 'uuid',
    sealedColumn: 'wrapped_key',
    keyIdColumn: 'master_key_id',
    purpose: SEALED_PURPOSES.vaultEntryKey,
  },
  {
    kind: 'authServices',
    table: 'auth_service',
    idColumn: 'id',
    idType: 'uuid',
    sealedColumn: 'encrypted_secrets',
    purpose: SEALED_PURPOSES.authServiceSecrets,
  },
  {
    kind: 'signingKeys',
    table: 'signing_key',
    idColumn: 'kid',
    idType: 'varchar',
    sealedColumn: 'encrypted_private_key',
    keyIdColumn: 'encryption_key_id',
    purpose: () => SEALED_PURPOSES.signingKey,
  },
  {
    kind: 'identitySettings',
    table: 'environment_identity_settings',
    idColumn: 'environment_id',
    idType: 'uuid',
    sealedColumn: 'custom_token_secret_sealed',
    purpose: SEALED_PURPOSES.identityCustomTokenSecret,
  },
  {
    kind: 'mfaFactors',
    table: 'mfa_factor',
    idColumn: 'id',
    idType: 'uuid',
    sealedColumn: 'secret_sealed',
    purpose: SEALED_PURPOSES.mfaFactor,
  },
  {
    kind: 'appSignatures',
    table: 'app_signature',
    idColumn: 'id',
    idType: 'uuid',
    sealedColumn: 'secret_sealed',
    purpose: SEALED_PURPOSES.appSignatureSecret,
  },
];
