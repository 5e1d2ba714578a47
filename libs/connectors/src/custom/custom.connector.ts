import { defineConnector } from '../connector';
import { CustomConfig } from './custom.config';

export const customConnector = defineConnector({
  type: 'custom',
  label: 'Custom',
  description: "Your own adaptor verifies the login form's credentials against your identity system and returns the user.",
  config: CustomConfig,
  capabilities: ['form-login'],
});
