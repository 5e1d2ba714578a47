import { defineConnector } from '../connector';
import { SamlConfig } from './saml.config';

// Both bindings receive the assertion on the ACS by HTTP-POST; they differ in how the AuthnRequest
// reaches the IdP.

export const samlRedirectConnector = defineConnector({
  type: 'saml-redirect',
  label: 'SAML (Redirect)',
  description: 'SP-initiated SAML single sign-on: the browser is redirected to the identity provider with the request.',
  config: SamlConfig,
  capabilities: ['redirect-login', 'saml-post', 'logout'],
});

export const samlPostConnector = defineConnector({
  type: 'saml-post',
  label: 'SAML (POST)',
  description: 'SP-initiated SAML single sign-on: the browser posts the request to the identity provider.',
  config: SamlConfig,
  capabilities: ['saml-post', 'logout'],
});
