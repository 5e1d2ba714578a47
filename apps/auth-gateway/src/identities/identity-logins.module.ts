import { Module } from '@nestjs/common';
import { IdentityModule } from '@rapidauth/identity';
import { OAuthModule } from '@rapidauth/oauth';
import { AccountLoginGuard } from './account/account-login.guard';
import { AnonymousLoginController } from './anonymous-login.controller';
import { CustomLoginController } from './custom-login.controller';
import { EmailFlows } from './email/email-flows';
import { EmailLoginController } from './email/email-login.controller';
import { EmailPasswordController } from './email/email-password.controller';
import { EmailSignUpController } from './email/email-signup.controller';
import { IdentityLoginAnswers } from './identity-login-answers';
import { MfaVerifyController } from './mfa-verify.controller';
import { PhoneLoginController } from './phone-login.controller';

/** The own-identity logins (`/v3/auth/*`, docs/gateway.md#own-identities): one controller per login, each a grant of the token endpoint. */
@Module({
  imports: [OAuthModule, IdentityModule],
  controllers: [AnonymousLoginController, CustomLoginController, MfaVerifyController, EmailSignUpController, EmailLoginController, EmailPasswordController, PhoneLoginController],
  providers: [IdentityLoginAnswers, EmailFlows, AccountLoginGuard],
})
export class IdentityLoginsModule {}
