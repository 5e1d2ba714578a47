import { attributeNameProblem, certificateProblem, ldapUriProblem } from '../config/checks';
import type { Check, FieldSpec } from '../config/field';

// The connection keys LDAP and Active Directory share, declared once; each config class places
// them in its own form order.

/** Plain `ldap://` to a remote host sends bind passwords in clear unless StartTLS upgrades it first. */
export const DIRECTORY_URI_CHECK: Check = (uri: string, config) =>
  ldapUriProblem(uri, config.startTls === true || config.allowInsecure === true, 'use ldaps://, enable startTls, or set allowInsecure to true');

export const BIND_PASSWORD: FieldSpec = {
  kind: 'string',
  secret: true,
  label: 'Bind Password',
  help: 'The password of the Bind DN account; stored encrypted and never shown again.',
};

export const ALLOW_INSECURE: FieldSpec = {
  kind: 'boolean',
  default: false,
  endpoint: true,
  label: 'Allow Unencrypted LDAP',
  help: 'Allow plain ldap:// to a remote host without StartTLS, which sends passwords unencrypted; only for trusted networks.',
};

export const START_TLS: FieldSpec = {
  kind: 'boolean',
  default: false,
  endpoint: true,
  label: 'StartTLS',
  help: 'Upgrade a plain ldap:// connection to TLS with StartTLS (RFC 4513 §3) before binding.',
};

export const NESTED_GROUP_DEPTH: FieldSpec = {
  kind: 'integer',
  range: [0, 10],
  default: 0,
  label: 'Nested Group Depth',
  help: 'How many levels of groups within groups to follow; 0 reads direct memberships only.',
};

export function userIdAttributeField(fallback: string, help: string): FieldSpec {
  return { kind: 'string', default: fallback, check: attributeNameProblem, label: 'User ID Attribute', help };
}

export const CA_CERTIFICATE: FieldSpec = {
  kind: 'pem',
  endpoint: true,
  check: certificateProblem,
  label: 'CA Certificate',
  help: "The PEM certificate of the CA that issued the directory's TLS certificate, for ldaps:// and StartTLS; when empty, the system's trusted CAs are used.",
};

export const CONNECT_TIMEOUT_MS: FieldSpec = {
  kind: 'integer',
  range: [100, 60_000],
  default: 5000,
  label: 'Connect Timeout',
  help: 'Milliseconds to wait for the directory to accept a connection (TLS included) before the login fails as unavailable.',
};

export const TIMEOUT_MS: FieldSpec = {
  kind: 'integer',
  range: [100, 60_000],
  default: 5000,
  label: 'Operation Timeout',
  help: 'Milliseconds to wait for each directory operation (bind, search) before the login fails as unavailable.',
};

export const POOL_SIZE: FieldSpec = {
  kind: 'integer',
  range: [0, 50],
  default: 4,
  label: 'Pool Size',
  help: 'Service-account connections kept open and bound for searches; 0 opens one for each login.',
};
