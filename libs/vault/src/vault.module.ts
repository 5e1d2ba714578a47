import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { SecretHasher } from './secret-hasher';
import { Vault } from './vault';

/** The vault (seal what we must read back) and the secret hasher (hash what we issue). */
@Global()
@Module({
  providers: [
    {
      provide: Vault,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new Vault({ keyId: config.vaultKey.keyId, key: config.vaultKey.key.reveal() }),
    },
    {
      provide: SecretHasher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SecretHasher(config.secretPepper.reveal()),
    },
  ],
  exports: [Vault, SecretHasher],
})
export class VaultModule {}
