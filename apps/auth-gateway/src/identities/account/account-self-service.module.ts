import { Module } from '@nestjs/common';
import { AccessModule } from '@rapidauth/access';
import { IdentityModule } from '@rapidauth/identity';
import { OAuthModule } from '@rapidauth/oauth';
import { EmailFlows } from '../email/email-flows';
import { EmailLinks } from '../email/email-links';
import { MfaEnrolmentAtSignIn } from '../mfa-enrolment-at-sign-in';
import { AccountController } from './account.controller';
import { AccountLoginGuard } from './account-login.guard';
import { AccountSelfService } from './account-self-service';
import { LinkController } from './link.controller';
import { MfaEnrolmentController } from './mfa-enrolment.controller';

/** The Bearer-authenticated account endpoints of the gateway (docs/gateway.md#account-self-service). */
@Module({
  imports: [OAuthModule, AccessModule, IdentityModule],
  controllers: [AccountController, MfaEnrolmentController, LinkController],
  providers: [AccountSelfService, AccountLoginGuard, EmailFlows, EmailLinks, MfaEnrolmentAtSignIn],
})
export class AccountSelfServiceModule {}
