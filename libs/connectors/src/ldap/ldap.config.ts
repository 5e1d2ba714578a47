import { CommonConfig } from '../config/common.config';
import { attributeNameProblem } from '../config/checks';
import { Field } from '../config/field';
import {
  ALLOW_INSECURE,
  BIND_PASSWORD,
  CA_CERTIFICATE,
  CONNECT_TIMEOUT_MS,
  DIRECTORY_URI_CHECK,
  NESTED_GROUP_DEPTH,
  POOL_SIZE,
  START_TLS,
  TIMEOUT_MS,
  userIdAttributeField,
} from './directory-fields';

export class LdapConfig extends CommonConfig {
  @Field({
    kind: 'url',
    required: true,
    check: DIRECTORY_URI_CHECK,
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

  @Field(BIND_PASSWORD)
  bindPassword?: string;

  @Field({
    kind: 'string',
    label: 'Group Search Base',
    help: "The DN under which the user's groups are searched; when empty, groups are not read.",
  })
  groupSearchBase?: string;

  @Field({
    kind: 'string',
    default: 'member',
    check: attributeNameProblem,
    label: 'Group Member Attribute',
    help: 'The group attribute that lists its members by DN, such as member or uniqueMember.',
  })
  groupMemberAttribute?: string;

  @Field(NESTED_GROUP_DEPTH)
  nestedGroupDepth?: number;

  @Field(START_TLS)
  startTls?: boolean;

  @Field(ALLOW_INSECURE)
  allowInsecure?: boolean;

  @Field(userIdAttributeField('entryUUID', "The attribute whose value identifies the user for good (RFC 4530 entryUUID survives renames and moves)."))
  userIdAttribute?: string;

  @Field(CA_CERTIFICATE)
  caCertificate?: string;

  @Field(CONNECT_TIMEOUT_MS)
  connectTimeoutMs?: number;

  @Field(TIMEOUT_MS)
  timeoutMs?: number;

  @Field(POOL_SIZE)
  poolSize?: number;
}
