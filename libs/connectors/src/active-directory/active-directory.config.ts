import { CommonConfig } from '../config/common.config';
import { ldapUriProblem } from '../config/checks';
import { Field } from '../config/field';

export class ActiveDirectoryConfig extends CommonConfig {
  @Field({
    kind: 'url',
    required: true,
    check: (uri: string, config) => ldapUriProblem(uri, config.allowInsecure === true, 'use ldaps:// or set allowInsecure to true'),
    label: 'Provider URI',
    help: 'The Active Directory URI: ldaps://host, or ldap://host with Allow Unencrypted LDAP.',
  })
  providerUri: string;

  @Field({ kind: 'string', required: true, label: 'Base DN', help: 'The Active Directory base DN.' })
  baseDn: string;

  @Field({
    kind: 'string',
    label: 'Domain',
    help: 'The Active Directory domain; when set, users bind as username@domain.',
  })
  domain?: string;

  @Field({
    kind: 'string',
    label: 'Bind DN',
    help: 'The DN of a service account used to search the directory; when empty, searches run as the signing-in user.',
  })
  bindDn?: string;

  @Field({
    kind: 'string',
    secret: true,
    label: 'Bind Password',
    help: 'The password of the Bind DN account; stored encrypted and never shown again.',
  })
  bindPassword?: string;

  @Field({
    kind: 'boolean',
    default: false,
    endpoint: true,
    label: 'Allow Unencrypted LDAP',
    help: 'Allow plain ldap:// to a remote host, which sends passwords unencrypted; only for trusted networks.',
  })
  allowInsecure?: boolean;
}
