import { defineConnector } from '../connector';
import { ActiveDirectoryConfig } from './active-directory.config';
import { openActiveDirectory } from './open-active-directory';

export const activeDirectoryConnector = defineConnector({
  type: 'active-directory',
  label: 'Active Directory',
  description: "Microsoft Active Directory: the login form's credentials are verified by an LDAP bind.",
  config: ActiveDirectoryConfig,
  capabilities: ['form-login', 'refresh'],
  open: openActiveDirectory,
});
