import { NoSuchObjectError, type Client, type Entry } from 'ldapts';
import { firstValue, valuesOf } from '../ldap/directory-entry';

/**
 * The user's groups from `memberOf`, then the groups those are members of, `nestedGroupDepth`
 * levels up; each group read once (its cn and memberOf), so a cycle ends. A group the account
 * cannot read, or that is gone, is left out.
 */
export async function memberOfGroups(client: Client, entry: Entry, nestedGroupDepth: number): Promise<string[]> {
  const seen = new Set<string>();
  const names: string[] = [];
  let level = valuesOf(entry, 'memberOf');
  for (let depth = 0; depth <= nestedGroupDepth && level.length; depth += 1) {
    const unseen = level.filter((dn) => !seen.has(dn.toLowerCase()) && Boolean(seen.add(dn.toLowerCase())));
    const groups = await Promise.all(unseen.map((dn) => readGroup(client, dn)));
    level = [];
    for (const group of groups) {
      if (!group) continue;
      const name = firstValue(group, 'cn');
      if (name !== undefined) names.push(name);
      level.push(...valuesOf(group, 'memberOf'));
    }
  }
  return names;
}

async function readGroup(client: Client, dn: string): Promise<Entry | undefined> {
  try {
    const { searchEntries } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: ['cn', 'memberOf'] });
    return searchEntries[0];
  } catch (error) {
    if (error instanceof NoSuchObjectError) return undefined;
    throw error;
  }
}
