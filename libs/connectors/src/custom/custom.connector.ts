import { defineConnector, type Connector, type OpenedService } from '../connector';
import { AdaptorClient } from './adaptor-client';
import { customTester } from './custom-tester';
import { CustomConfig } from './custom.config';
import { loginOutcome, loginRequest, refreshOutcome, refreshRequest } from './custom-login';

/**
 * The custom connector: the login form's credentials go, signed, to the admin's own adaptor, which
 * checks them against its identity system and answers the user (examples/custom-adaptor/README.md).
 * Nothing is held open, so `close` has nothing to release.
 */
export function openCustom(opened: OpenedService): Connector {
  const client = new AdaptorClient({
    url: opened.config.providerUri as string,
    sharedSecret: opened.secrets.sharedSecret,
    timeoutMs: opened.config.timeoutMs as number,
  });
  return {
    service: opened,
    formLogin: {
      login: async (credentials, context) => loginOutcome(await client.call(loginRequest(opened, credentials, context.environmentId, context.requestId))),
    },
    refresh: {
      refresh: async (stored) => refreshOutcome(await client.call(refreshRequest(stored)), stored),
    },
    tester: customTester(opened, client),
    close: async () => undefined,
  };
}

export const customConnector = defineConnector({
  type: 'custom',
  label: 'Custom',
  description: "Your own adaptor verifies the login form's credentials against your identity system and returns the user.",
  config: CustomConfig,
  capabilities: ['form-login', 'refresh'],
  open: openCustom,
});
