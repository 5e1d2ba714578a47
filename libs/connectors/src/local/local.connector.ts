import { defineConnector, type Connector, type ConnectorRuntime, type OpenedService } from '../connector';
import { LocalConfig } from './local.config';

/**
 * The gateway's own identities: the login form checks them through LocalIdentities (its lockout
 * included); refresh has no upstream to ask, so the family's own rules apply alone.
 */
export function openLocal(opened: OpenedService, runtime: ConnectorRuntime): Connector {
  return {
    service: opened,
    ownLogin: {
      login: ({ username, password }, { environmentId, ip, now }) =>
        runtime.localIdentities.authenticate({ environmentId, login: username, password, ip }, now),
    },
    refresh: { refresh: async () => null },
    close: async () => undefined,
  };
}

export const localConnector = defineConnector({
  type: 'local',
  label: 'Own identities',
  description: "The gateway's own username/password identities; built in, one per environment.",
  config: LocalConfig,
  capabilities: ['form-login', 'refresh'],
  open: openLocal,
});
