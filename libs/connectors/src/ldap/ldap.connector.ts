import { defineConnector } from '../connector';
import { LdapConfig } from './ldap.config';
import { openLdap } from './open-ldap';

export const ldapConnector = defineConnector({
  type: 'ldap',
  label: 'LDAP',
  description: "An LDAP directory: the user is found with the search filter and the login form's password verified by a bind.",
  config: LdapConfig,
  capabilities: ['form-login', 'refresh'],
  open: openLdap,
});
