import { Module } from '@nestjs/common';
import { IdentityModule } from '@rapidauth/identity';
import { OAuthModule } from '@rapidauth/oauth';
import { AnonymousLoginController } from './anonymous-login.controller';
import { CustomLoginController } from './custom-login.controller';
import { IdentityLoginAnswers } from './identity-login-answers';
import { PhoneLoginController } from './phone-login.controller';

/** The own-identity logins (`/v3/auth/*`, docs/gateway.md#own-identities): one controller per login, each a grant of the token endpoint. */
@Module({
  imports: [OAuthModule, IdentityModule],
  controllers: [AnonymousLoginController, CustomLoginController, PhoneLoginController],
  providers: [IdentityLoginAnswers],
})
export class IdentityLoginsModule {}
