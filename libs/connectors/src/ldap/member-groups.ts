import type { Client } from 'ldapts';
import { firstValue } from './directory-entry';
import { anyOf, equalityFilter } from './ldap-filter';

export interface MemberGroupsOptions {
  readonly groupSearchBase: string;
  /** Lists members by DN (member, uniqueMember); validated as an attribute name. */
  readonly memberAttribute: string;
  readonly nestedGroupDepth: number;
}

/** DNs per filter: keeps a level's search request well under servers' size limits. */
const DNS_PER_SEARCH = 50;

/**
 * The groups under `groupSearchBase` whose member attribute holds the user's DN, then the groups
 * holding those, `nestedGroupDepth` levels up. Each group is visited once, so a cycle (A in B, B in
 * A) ends. The server matches DNs with distinguishedNameMatch (RFC 4517 §4.2.15); the DN goes into
 * the filter escaped (RFC 4515 §3). Returns the groups' cn values.
 */
export async function memberGroups(client: Client, options: MemberGroupsOptions, userDn: string): Promise<string[]> {
  const seen = new Set([userDn.toLowerCase()]);
  const names: string[] = [];
  let members = [userDn];
  for (let level = 0; level <= options.nestedGroupDepth && members.length; level += 1) {
    const found: string[] = [];
    for (let start = 0; start < members.length; start += DNS_PER_SEARCH) {
      const filter = anyOf(members.slice(start, start + DNS_PER_SEARCH).map((dn) => equalityFilter(options.memberAttribute, dn)));
      const { searchEntries } = await client.search(options.groupSearchBase, { scope: 'sub', filter, attributes: ['cn'], derefAliases: 'never' });
      for (const group of searchEntries) {
        if (seen.has(group.dn.toLowerCase())) continue;
        seen.add(group.dn.toLowerCase());
        found.push(group.dn);
        const name = firstValue(group, 'cn');
        if (name !== undefined) names.push(name);
      }
    }
    members = found;
  }
  return names;
}
