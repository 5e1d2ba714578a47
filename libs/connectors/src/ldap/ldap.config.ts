import { CommonConfig } from '../config/common.config';
import { ldapUriProblem } from '../config/checks';
import { Field } from '../config/field';

export class LdapConfig extends CommonConfig {
  @Field({
    kind: 'url',
    required: true,
    check: (uri: string, config) =>
      ldapUriProblem(uri, config.startTls === true || config.allowInsecure === true, 'use ldaps://, enable startTls, or set allowInsecure to true'),
    label: 'Provider URI',
    help: 'The LDAP URI: ldaps://host, or ldap://host with StartTLS (or Allow Unencrypted LDAP).',
  })
  providerUri: string;

  @Field({ kind: 'string', required: true, label: 'Base DN', help: 'The DN under which users are searched.' })
  baseDn: string;

  @Field({
    kind: 'string',
    default: '(uid={username})',
    check: (filter: string) => (filter.includes('{username}') ? undefined : 'must contain {username}'),
    label: 'User Search Filter',
    help: 'The LDAP filter that finds the signing-in user; {username} is replaced by the escaped user name.',
  })
  userSearchFilter?: string;

  @Field({
    kind: 'string',
    label: 'Bind DN',
    help: 'The DN of a service account used to search the directory; when empty, searches are anonymous.',
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
    kind: 'string',
    label: 'Group Search Base',
    help: "The DN under which the user's groups are searched; when empty, groups are not read.",
  })
  groupSearchBase?: string;

  @Field({
    kind: 'string',
    label: 'Group Member Attribute',
    help: 'The group attribute that lists its members, such as member or uniqueMember.',
  })
  groupMemberAttribute?: string;

  @Field({
    kind: 'integer',
    range: [0, 10],
    default: 0,
    label: 'Nested Group Depth',
    help: 'How many levels of groups within groups to follow; 0 reads direct memberships only.',
  })
  nestedGroupDepth?: number;

  @Field({
    kind: 'boolean',
    default: false,
    endpoint: true,
    label: 'StartTLS',
    help: 'Upgrade a plain ldap:// connection to TLS with StartTLS before binding.',
  })
  startTls?: boolean;

  @Field({
    kind: 'boolean',
    default: false,
    endpoint: true,
    label: 'Allow Unencrypted LDAP',
    help: 'Allow plain ldap:// to a remote host without StartTLS, which sends passwords unencrypted; only for trusted networks.',
  })
  allowInsecure?: boolean;
}
