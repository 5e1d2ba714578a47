import type { Connector, OpenedService } from '../connector';
import type { DirectoryDialect } from './directory-dialect';
import { openDirectory } from './directory-connector';
import { firstValue } from './directory-entry';
import { userBindRefused } from './directory-errors';
import { directorySettings } from './directory-settings';
import { equalityFilter, fillUserFilter } from './ldap-filter';
import type { LdapConfig } from './ldap.config';
import { memberGroups } from './member-groups';

/** RFC 4530 §2: entryUUID in its string form. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A plain LDAP directory: users found with the configured filter, groups by their member attribute. */
export function ldapDialect(opened: OpenedService): DirectoryDialect {
  const config = opened.config as Partial<LdapConfig>;
  const { userIdAttribute, nestedGroupDepth } = directorySettings(opened);
  const template = config.userSearchFilter ?? '(uid={username})';
  const { groupSearchBase } = config;
  const memberAttribute = config.groupMemberAttribute ?? 'member';
  return {
    entryAttributes: ['*', userIdAttribute],
    binaryAttributes: [],
    anonymousSearch: true,
    userFilter: (username) => fillUserFilter(template, username),
    bindName: (entry) => entry.dn,
    directBindName: () => undefined,
    providerUid: (entry) => firstValue(entry, userIdAttribute),
    uidFilter: (providerUid) =>
      userIdAttribute.toLowerCase() === 'entryuuid' && !UUID.test(providerUid) ? undefined : equalityFilter(userIdAttribute, providerUid),
    username: (entry) => firstValue(entry, 'uid'),
    disabled: () => false,
    groups: async (client, entry) =>
      groupSearchBase ? memberGroups(client, { groupSearchBase, memberAttribute, nestedGroupDepth }, entry.dn) : undefined,
    bindRefused: userBindRefused,
  };
}

/** The `ldap` connector opened for one service: form login, refresh and the connection test. */
export function openLdap(opened: OpenedService): Connector {
  return openDirectory(opened, ldapDialect(opened));
}
