import { defineConnector } from '../connector';
import { FacebookConfig } from './facebook.config';
import { openFacebook } from './open-facebook';

export const facebookConnector = defineConnector({
  type: 'facebook',
  label: 'Facebook',
  description: 'Facebook Login (Graph API) by Authorization Code.',
  config: FacebookConfig,
  capabilities: ['redirect-login'],
  open: openFacebook,
});
