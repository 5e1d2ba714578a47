/** The attributes a typed Active Directory user name can match. */
export interface AdAccountName {
  /** The logon name (`sAMAccountName`), when the input names one. */
  readonly samAccountName?: string;
  /** The user principal name (`userPrincipalName`, `user@domain`), when the input names one. */
  readonly userPrincipalName?: string;
}

/**
 * The three forms users type: `user` (the logon name, or `user@domain` with a configured domain),
 * `DOMAIN\user` (the down-level logon name: the NetBIOS domain is the directory's own, so only
 * the user part is matched), and `user@domain` (a UPN; with the configured domain also the logon
 * name). Undefined when the input has an empty part or more than one separator.
 */
export function parseAdUsername(input: string, domain?: string): AdAccountName | undefined {
  const backslash = input.indexOf('\\');
  if (backslash !== -1) {
    const user = input.slice(backslash + 1);
    if (backslash === 0 || user === '' || user.includes('\\') || user.includes('@')) return undefined;
    return withDomain(user, domain);
  }
  const at = input.lastIndexOf('@');
  if (at !== -1) {
    const user = input.slice(0, at);
    const suffix = input.slice(at + 1);
    if (user === '' || suffix === '') return undefined;
    const sameDomain = domain !== undefined && suffix.toLowerCase() === domain.toLowerCase();
    return { userPrincipalName: input, ...(sameDomain ? { samAccountName: user } : {}) };
  }
  return withDomain(input, domain);
}

function withDomain(user: string, domain?: string): AdAccountName {
  return { samAccountName: user, ...(domain ? { userPrincipalName: `${user}@${domain}` } : {}) };
}

/**
 * What to bind as before the entry is known (no service account): `user@domain` with a
 * configured domain, else the UPN or down-level name as typed (AD accepts both as bind names).
 */
export function adDirectBindName(input: string, domain?: string): string | undefined {
  const name = parseAdUsername(input, domain);
  if (!name) return undefined;
  if (domain && name.samAccountName) return `${name.samAccountName}@${domain}`;
  if (name.userPrincipalName) return name.userPrincipalName;
  return input.includes('\\') ? input : undefined;
}
