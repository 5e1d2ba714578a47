import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { MasterKeyRotation } from './rotation/master-key-rotation';
import { SealedValuesRepository } from './rotation/sealed-values.repository';
import { SecretHasher } from './secret-hasher';
import { TokenVault } from './token-vault/token-vault';
import { VaultEntriesRepository } from './token-vault/vault-entries.repository';
import { Vault } from './vault';

/**
 * The vault (seal what we must read back, opening with previous master keys too), the token vault
 * over it, master-key rotation, and the secret hasher (hash what we issue).
 */
@Global()
@Module({
  providers: [
    {
      provide: Vault,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Vault(
          { keyId: config.vaultKey.keyId, key: config.vaultKey.key.reveal() },
          config.previousVaultKeys.map((previous) => ({ keyId: previous.keyId, key: previous.key.reveal() })),
        ),
    },
    {
      provide: SecretHasher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SecretHasher(config.secretPepper.reveal()),
    },
    VaultEntriesRepository,
    TokenVault,
    SealedValuesRepository,
    MasterKeyRotation,
  ],
  exports: [Vault, SecretHasher, TokenVault, MasterKeyRotation],
})
export class VaultModule {}
