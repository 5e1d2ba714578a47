import { defineConnector } from '../connector';
import { FacebookConfig } from './facebook.config';

export const facebookConnector = defineConnector({
  type: 'facebook',
  label: 'Facebook',
  description: 'Facebook Login (Graph API) by Authorization Code.',
  config: FacebookConfig,
  capabilities: ['redirect-login'],
});
