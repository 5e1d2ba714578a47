import { Global, Module } from '@nestjs/common';
import { AccessModule } from '@rapidauth/access';
import { OAuthModule, OPEN_DRIVER_CLIENTS, PASSWORD_GRANT_EXTENSION } from '@rapidauth/oauth';
import { GrantLogins } from './grant-logins';
import { OpenDriverGrantClients } from './open-driver';

/**
 * Authentication-grant logins at the token endpoint: the password grant with a grant's key and
 * secret, and open-driver client authentication. An app that serves the token endpoint imports it
 * to enable them. It fills OAuthModule's two optional ports, and is global because it cannot be
 * imported by OAuthModule (it builds on OAuthModule's services): Nest offers a global module's
 * exports to every module of the app, OAuthModule included.
 */
@Global()
@Module({
  imports: [OAuthModule, AccessModule],
  providers: [
    GrantLogins,
    OpenDriverGrantClients,
    { provide: PASSWORD_GRANT_EXTENSION, useExisting: GrantLogins },
    { provide: OPEN_DRIVER_CLIENTS, useExisting: OpenDriverGrantClients },
  ],
  exports: [PASSWORD_GRANT_EXTENSION, OPEN_DRIVER_CLIENTS],
})
export class GrantLoginsModule {}
