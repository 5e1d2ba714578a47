import { defineConnector } from '../connector';
import { OidcConfig } from './oidc.config';
import { openOidc } from './open-oidc';

export const oidcConnector = defineConnector({
  type: 'oidc',
  label: 'OpenID Connect',
  description: "An OpenID Connect provider by Authorization Code; the user's identity comes from its ID token.",
  config: OidcConfig,
  capabilities: ['redirect-login', 'refresh', 'token-exchange'],
  open: openOidc,
});
