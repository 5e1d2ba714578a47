export { Vault, VaultOpenError } from './vault';
export type { VaultKey } from './vault';
export { VaultModule } from './vault.module';
export { SecretHasher } from './secret-hasher';
