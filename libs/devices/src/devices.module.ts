import { Module } from '@nestjs/common';
import { OAuthModule } from '@rapidauth/oauth';
import { AppSignatureRepository } from './app-signatures/app-signature.repository';
import { AppSignatures } from './app-signatures/app-signatures';

/** Device registration's server side; Vault comes from the global VaultModule, revoking device logins from OAuthModule. */
@Module({
  imports: [OAuthModule],
  providers: [AppSignatures, AppSignatureRepository],
  exports: [AppSignatures],
})
export class DevicesModule {}
