import { defineConnector, type Connector, type ConnectorRuntime, type OpenedService } from '../connector';
import { wrapLogin } from './wrap-login';
import { SamlWrapConfig } from './saml-wrap.config';
import { wrapVerifier } from './wrap-token';
import { samlWrapTester } from './saml-wrap-tester';

/** The login form's credentials go to the WRAP API; the SAML token it answers is verified here. Nothing is held open. */
export function openSamlWrap(opened: OpenedService, runtime: ConnectorRuntime): Connector {
  const verifier = wrapVerifier(opened.config.certificate as string, opened.config.wrapScope as string);
  return {
    service: opened,
    formLogin: wrapLogin(opened, verifier, runtime.assertionReplays),
    tester: samlWrapTester(opened.config.providerUri as string),
    close: async () => undefined,
  };
}

export const samlWrapConnector = defineConnector({
  type: 'saml-wrap',
  label: 'SAML-WRAP',
  description: "A WRAP API that exchanges the login form's credentials for a SAML token.",
  config: SamlWrapConfig,
  capabilities: ['form-login'],
  open: openSamlWrap,
});
