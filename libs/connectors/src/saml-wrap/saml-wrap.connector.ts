import { defineConnector } from '../connector';
import { SamlWrapConfig } from './saml-wrap.config';

export const samlWrapConnector = defineConnector({
  type: 'saml-wrap',
  label: 'SAML-WRAP',
  description: "A WRAP API that exchanges the login form's credentials for a SAML token.",
  config: SamlWrapConfig,
  capabilities: ['form-login'],
});
