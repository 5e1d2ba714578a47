import { defineConnector, type Connector, type ConnectorRuntime, type OpenedService } from '../connector';
import { samlLogin } from './saml-login';
import { samlServiceProvider } from './saml-service-provider';
import { samlTester } from './saml-tester';
import { SamlConfig } from './saml.config';

// Both bindings receive the assertion on the ACS by HTTP-POST; they differ in how the AuthnRequest
// reaches the IdP. Single logout is not offered (docs/saml.md).

/** One node-saml instance per service version, built here and cached with the connector. */
export function openSaml(opened: OpenedService, runtime: ConnectorRuntime): Connector {
  const sp = samlServiceProvider(opened, runtime.publicUrl);
  return {
    service: opened,
    redirectLogin: samlLogin(opened.id, sp, runtime.assertionReplays, opened.secrets.decryptionKey, opened.config.idpEntityId as string | undefined),
    tester: samlTester(opened),
    spMetadata: sp.metadata,
    close: async () => undefined,
  };
}

export const samlRedirectConnector = defineConnector({
  type: 'saml-redirect',
  label: 'SAML (Redirect)',
  description: 'SP-initiated SAML single sign-on: the browser is redirected to the identity provider with the request.',
  config: SamlConfig,
  capabilities: ['redirect-login', 'saml-post'],
  open: openSaml,
});

export const samlPostConnector = defineConnector({
  type: 'saml-post',
  label: 'SAML (POST)',
  description: 'SP-initiated SAML single sign-on: the browser posts the request to the identity provider.',
  config: SamlConfig,
  capabilities: ['saml-post'],
  open: openSaml,
});
