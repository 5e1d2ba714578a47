import { defineConnector } from '../connector';
import { OAuth2Config } from './oauth2.config';
import { openOAuth2 } from './open-oauth2';

// Which login applies depends on grantType: authorization_code redirects, password posts the
// hosted login form's credentials to the token endpoint.
export const oauth2Connector = defineConnector({
  type: 'oauth2',
  label: 'OAuth2',
  description: 'An OAuth 2.0 provider, by Authorization Code or Resource Owner Password Credentials grant.',
  config: OAuth2Config,
  capabilities: ['redirect-login', 'form-login', 'refresh', 'token-exchange'],
  open: openOAuth2,
});
