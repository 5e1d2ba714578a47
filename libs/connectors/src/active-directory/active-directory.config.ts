import { CommonConfig } from '../config/common.config';
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
} from '../ldap/directory-fields';

export class ActiveDirectoryConfig extends CommonConfig {
  @Field({
    kind: 'url',
    required: true,
    check: DIRECTORY_URI_CHECK,
    label: 'Provider URI',
    help: 'The Active Directory URI: ldaps://host, or ldap://host with StartTLS (or Allow Unencrypted LDAP).',
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

  @Field(BIND_PASSWORD)
  bindPassword?: string;

  @Field(ALLOW_INSECURE)
  allowInsecure?: boolean;

  @Field(userIdAttributeField('objectGUID', 'The attribute whose value identifies the user for good; objectGUID survives renames and moves.'))
  userIdAttribute?: string;

  @Field(CA_CERTIFICATE)
  caCertificate?: string;

  @Field(START_TLS)
  startTls?: boolean;

  @Field(NESTED_GROUP_DEPTH)
  nestedGroupDepth?: number;

  @Field(CONNECT_TIMEOUT_MS)
  connectTimeoutMs?: number;

  @Field(TIMEOUT_MS)
  timeoutMs?: number;

  @Field(POOL_SIZE)
  poolSize?: number;
}
