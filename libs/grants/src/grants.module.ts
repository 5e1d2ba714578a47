import { Module } from '@nestjs/common';
import { OAuthModule } from '@rapidauth/oauth';
import { AuthenticationGrantRepository } from './authentication-grant.repository';
import { AuthenticationGrants } from './authentication-grants';
import { GrantBinding } from './grant-binding';

/** Authentication grants; revoking their logins uses the token machinery of OAuthModule. */
@Module({
  imports: [OAuthModule],
  providers: [AuthenticationGrants, AuthenticationGrantRepository, GrantBinding],
  exports: [AuthenticationGrants],
})
export class GrantsModule {}
