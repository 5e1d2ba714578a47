import type { Client, Entry, Filter, ResultCodeError } from 'ldapts';
import type { ConnectorError } from '../connectors.errors';

/**
 * What differs between directories (plain LDAP, Active Directory): how a typed user name is
 * found and bound, which attribute identifies the user, what marks an account disabled, where
 * groups come from, and what a refused bind means. The login steps around it are shared.
 */
export interface DirectoryDialect {
  /** The attributes to read for a user entry (`*` for the user attributes, plus operational ones). */
  readonly entryAttributes: readonly string[];
  /** Attributes read as raw bytes (objectGUID); never handed on as text attributes. */
  readonly binaryAttributes: readonly string[];
  /** The search filter for a typed user name, its value escaped; undefined when it cannot name a user. */
  userFilter(username: string): string | undefined;
  /** The name to bind as with the user's password, once the entry is found. */
  bindName(entry: Entry, username: string): string;
  /** Whether the directory answers anonymous searches: without a bind DN, users are then found anonymously. */
  readonly anonymousSearch: boolean;
  /** Without a bind DN where searches are not anonymous: the name to bind as before the user searches their own entry; undefined when there is none. */
  directBindName(username: string): string | undefined;
  providerUid(entry: Entry): string | undefined;
  /** The filter that finds the entry again by its providerUid; undefined when the value cannot be one. */
  uidFilter(providerUid: string): Filter | string | undefined;
  username(entry: Entry): string | undefined;
  disabled(entry: Entry): boolean;
  /** The user's group names (cn), nested as configured; undefined when the service reads no groups. */
  groups(client: Client, entry: Entry): Promise<string[] | undefined>;
  /** A bind refused with an LDAP result (RFC 4511 §4.2.2) as the login's answer. */
  bindRefused(error: ResultCodeError): ConnectorError;
}
