import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccessModule } from '@rapidauth/access';
import { GrantLoginsModule } from '@rapidauth/grants';
import { ManagementModule, OAuthErrorFilter, OAuthModule } from '@rapidauth/oauth';
import { CoreModule, type Runtime } from '@rapidauth/runtime';
import { TenancyModule } from '@rapidauth/tenancy';
import { ConnectorsModule } from '@rapidauth/connectors';
import { DataLinkCache } from './data-links/data-link-cache';
import { IdentityLoginsModule } from './identities/identity-logins.module';
import { DataLinkProxy } from './data-links/data-link-proxy';
import { DataLinksRepository } from './data-links/data-links.repository';
import { AuthorizeController } from './login/authorize.controller';
import { LoginController } from './login/login.controller';
import { RedirectLoginController } from './login/redirect-login.controller';
import { SamlController } from './saml/saml.controller';
import { SamlMetadata } from './saml/saml-metadata';
import { IntrospectController } from './oauth/introspect.controller';
import { LogoutController } from './oauth/logout.controller';
import { UserInfoController } from './oauth/userinfo.controller';
import { RevokeController } from './oauth/revoke.controller';
import { TokenController } from './oauth/token.controller';
import { WellKnownController } from './oauth/well-known.controller';
import { UpstreamValidationTimer } from './upstream/upstream-validation-timer';
import { UsergridTokenController } from './usergrid/usergrid-token.controller';
import { AccountAuditModule } from './identities/account/account-audit';
import { AccountSelfServiceModule } from './identities/account/account-self-service.module';
import { DeviceRegistrationModule } from './devices/registration/device-registration.module';
import { DeviceProfilesModule } from './devices/profiles/device-profiles.module';

/** The public OAuth 2.0 / OpenID Connect front door. */
@Module({})
export class GatewayModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: GatewayModule,
      imports: [CoreModule.forRoot(runtime, 'gateway'), OAuthModule, ManagementModule, GrantLoginsModule, IdentityLoginsModule, AccessModule, ConnectorsModule, TenancyModule, AccountAuditModule, AccountSelfServiceModule, DeviceRegistrationModule, DeviceProfilesModule],
      controllers: [
        WellKnownController,
        AuthorizeController,
        LoginController,
        RedirectLoginController,
        SamlController,
        TokenController,
        IntrospectController,
        RevokeController,
        UserInfoController,
        LogoutController,
        // Last: its `/:organization/:app/token` pattern must not shadow a fixed route. (ManagementModule's
        // routes come after it, but `/management/token` has two segments: the pattern cannot match it.)
        UsergridTokenController,
      ],
      providers: [{ provide: APP_FILTER, useClass: OAuthErrorFilter }, DataLinkProxy, DataLinkCache, DataLinksRepository, SamlMetadata, UpstreamValidationTimer],
    };
  }
}
