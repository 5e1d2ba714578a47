import { defineConnector } from '../connector';
import { LocalConfig } from './local.config';

export const localConnector = defineConnector({
  type: 'local',
  label: 'Own identities',
  description: "The gateway's own username/password identities; built in, one per environment.",
  config: LocalConfig,
  capabilities: ['form-login', 'refresh'],
  loginAvailable: true,
});
