import type { Connector, OpenedService } from '../connector';
import type { DirectoryDialect } from '../ldap/directory-dialect';
import { openDirectory } from '../ldap/directory-connector';
import { firstBuffer, firstValue } from '../ldap/directory-entry';
import { directorySettings } from '../ldap/directory-settings';
import { anyOf, binaryEqualityFilter, equalityFilter } from '../ldap/ldap-filter';
import type { ActiveDirectoryConfig } from './active-directory.config';
import { adBindRefused } from './ad-bind-error';
import { adDirectBindName, parseAdUsername } from './ad-username';
import { memberOfGroups } from './member-of-groups';
import { guidToBytes, guidToString } from './object-guid';

/** userAccountControl ACCOUNTDISABLE (0x2), [MS-ADTS] §2.2.16. */
const ACCOUNT_DISABLED = 0x2;
const BINARY = ['objectGUID', 'objectSid'];

/** Active Directory: logon names and UPNs, objectGUID, userAccountControl, memberOf, bind diagnostics. */
export function activeDirectoryDialect(opened: OpenedService): DirectoryDialect {
  const { domain } = opened.config as Partial<ActiveDirectoryConfig>;
  const { userIdAttribute, nestedGroupDepth } = directorySettings(opened);
  const byGuid = userIdAttribute.toLowerCase() === 'objectguid';
  return {
    entryAttributes: ['*', userIdAttribute, 'memberOf', 'userAccountControl'],
    binaryAttributes: BINARY,
    anonymousSearch: false,
    userFilter: (username) => {
      const name = parseAdUsername(username, domain);
      if (!name) return undefined;
      const matches = [
        ...(name.samAccountName ? [equalityFilter('sAMAccountName', name.samAccountName)] : []),
        ...(name.userPrincipalName ? [equalityFilter('userPrincipalName', name.userPrincipalName)] : []),
      ];
      return `(&(objectClass=user)${anyOf(matches)})`;
    },
    bindName: (entry) => {
      const sam = firstValue(entry, 'sAMAccountName');
      return domain && sam ? `${sam}@${domain}` : entry.dn;
    },
    directBindName: (username) => adDirectBindName(username, domain),
    providerUid: (entry) => {
      if (!byGuid) return firstValue(entry, userIdAttribute);
      const guid = firstBuffer(entry, 'objectGUID');
      return guid && guidToString(guid);
    },
    uidFilter: (providerUid) => {
      if (!byGuid) return equalityFilter(userIdAttribute, providerUid);
      const bytes = guidToBytes(providerUid);
      return bytes && binaryEqualityFilter('objectGUID', bytes);
    },
    username: (entry) => firstValue(entry, 'sAMAccountName'),
    disabled: (entry) => (Number(firstValue(entry, 'userAccountControl') ?? 0) & ACCOUNT_DISABLED) !== 0,
    groups: (client, entry) => memberOfGroups(client, entry, nestedGroupDepth),
    bindRefused: adBindRefused,
  };
}

/** The `active-directory` connector opened for one service: form login, refresh and the connection test. */
export function openActiveDirectory(opened: OpenedService): Connector {
  return openDirectory(opened, activeDirectoryDialect(opened));
}
