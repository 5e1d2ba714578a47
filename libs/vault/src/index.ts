export { Vault, VaultOpenError } from './vault';
export type { VaultKey } from './vault';
export { VaultModule } from './vault.module';
export { SecretHasher } from './secret-hasher';
export { SEALED_PURPOSES } from './purposes';
export { TokenVault } from './token-vault/token-vault';
export type { VaultToken, VaultTokens } from './token-vault/vault-tokens';
export { MasterKeyRotation } from './rotation/master-key-rotation';
export type { MasterKeyUsage, RotationResult, SealedCounts } from './rotation/master-key-rotation';
