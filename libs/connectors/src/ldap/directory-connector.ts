import type { Client, Entry, Filter } from 'ldapts';
import type { Connector, FormLoginConnector, OpenedService, PasswordCredentials, RefreshConnector, StoredUpstreamLogin, UpstreamIdentity } from '../connector';
import { ConnectorError } from '../connectors.errors';
import { bindDirectory, closeQuietly, connectDirectory } from './directory-connection';
import type { DirectoryDialect } from './directory-dialect';
import { firstValue, identityAttributes } from './directory-entry';
import { directoryStep, invalidCredentials, isResultCode, unavailable } from './directory-errors';
import { directorySettings, type DirectorySettings } from './directory-settings';
import { DirectoryTester } from './directory-tester';
import { plausibleUsername } from './ldap-filter';
import { ServiceConnections } from './service-connections';

/** RFC 4511 §4.5.1.4 (sizeLimit): asking for 2 tells "exactly one" from "more than one" without reading more. */
const USER_SIZE_LIMIT = 2;

/**
 * Form login and refresh against a directory. The user is found by the service account (or
 * anonymously) with a size-limited search under baseDn, then their password is checked by a
 * bind as that entry on a connection of its own, which is closed afterwards.
 */
export class DirectoryLogin implements FormLoginConnector, RefreshConnector {
  constructor(
    private readonly settings: DirectorySettings,
    private readonly dialect: DirectoryDialect,
    private readonly service: ServiceConnections,
  ) {}

  async login({ username, password }: PasswordCredentials): Promise<UpstreamIdentity> {
    // RFC 4513 §5.1.2: a simple bind with a name and an empty password is an unauthenticated
    // bind, which many servers answer with success; it must never count as a login.
    if (password.trim() === '') throw invalidCredentials('empty password refused before any bind');
    const filter = plausibleUsername(username) ? this.dialect.userFilter(username) : undefined;
    if (filter === undefined) throw invalidCredentials('user name refused before any search');
    if (!this.searchesAsService) {
      const name = this.dialect.directBindName(username);
      if (name === undefined) throw invalidCredentials('without a bind DN or domain the user name cannot be bound');
      return this.asUser(name, password, async (client) =>
        this.identityOf(await directoryStep('own entry search', () => this.findUser(client, filter)), 'login', client),
      );
    }
    const entry = await directoryStep('user search', () => this.service.use((client) => this.findUser(client, filter)));
    await this.asUser(this.dialect.bindName(entry, username), password, async () => undefined);
    return this.identityOf(entry, 'login');
  }

  async refresh(stored: StoredUpstreamLogin): Promise<UpstreamIdentity | null> {
    // Nothing can read the entry again without the user's password: the family's own rules apply.
    if (!this.searchesAsService) return null;
    const filter = this.dialect.uidFilter(stored.providerUid);
    if (filter === undefined) throw refreshFailed('the stored user id is not one this directory issues');
    const entries = await directoryStep('refresh search', () => this.service.use((client) => this.search(client, filter)));
    if (entries.length !== 1) throw refreshFailed(`${entries.length} entries hold the user id`);
    if (this.dialect.disabled(entries[0])) throw refreshFailed('the account is disabled');
    return this.identityOf(entries[0], 'refresh');
  }

  /** With a bind DN, or anonymously where the directory allows it; otherwise as the signing-in user. */
  private get searchesAsService(): boolean {
    return this.settings.bindDn !== undefined || this.dialect.anonymousSearch;
  }

  /** The groups are read on the service connection, or on the user's own without a service account. */
  private async identityOf(entry: Entry, step: 'login' | 'refresh', client?: Client): Promise<UpstreamIdentity> {
    if (step === 'login' && this.dialect.disabled(entry)) {
      throw new ConnectorError('ACCOUNT_DISABLED', 'the account is disabled', { detail: 'the directory marks the account disabled' });
    }
    const providerUid = this.dialect.providerUid(entry);
    if (!providerUid) throw new ConnectorError('UPSTREAM_REJECTED', 'the directory entry has no user id', { detail: `no ${this.settings.userIdAttribute} on the entry` });
    const groups = await directoryStep('group search', () =>
      client ? this.dialect.groups(client, entry) : this.service.use((pooled) => this.dialect.groups(pooled, entry)),
    );
    const username = this.dialect.username(entry);
    const email = firstValue(entry, 'mail');
    return {
      providerUid,
      ...(username === undefined ? {} : { username }),
      ...(email === undefined ? {} : { email }),
      attributes: { ...identityAttributes(entry, this.dialect.binaryAttributes), ...(groups ? { groups } : {}) },
    };
  }

  /** Binds as the user on a connection of their own, runs `then` on it, and closes it. */
  private async asUser<T>(name: string, password: string, then: (client: Client) => Promise<T>): Promise<T> {
    const client = await directoryStep('connect', () => connectDirectory(this.settings));
    try {
      try {
        await bindDirectory(client, name, password);
      } catch (error) {
        throw isResultCode(error) ? this.dialect.bindRefused(error) : unavailable('user bind', error);
      }
      return await then(client);
    } finally {
      await closeQuietly(client);
    }
  }

  private async findUser(client: Client, filter: string): Promise<Entry> {
    const entries = await this.search(client, filter);
    if (entries.length !== 1) throw invalidCredentials(entries.length ? 'more than one entry matches the user name' : 'no entry matches the user name');
    return entries[0];
  }

  /** Referrals (RFC 4511 §4.5.3) are not followed: only entries of this directory count. */
  private async search(client: Client, filter: Filter | string): Promise<Entry[]> {
    const { searchEntries } = await client.search(this.settings.baseDn, {
      scope: 'sub',
      filter,
      sizeLimit: USER_SIZE_LIMIT,
      derefAliases: 'never',
      attributes: [...this.dialect.entryAttributes],
      explicitBufferAttributes: [...this.dialect.binaryAttributes],
    });
    return searchEntries;
  }
}

function refreshFailed(detail: string): ConnectorError {
  return new ConnectorError('UPSTREAM_REFRESH_FAILED', 'the directory no longer confirms this user', { detail });
}

/** An opened directory service: its pooled service connections live until `close`. */
export function openDirectory(service: OpenedService, dialect: DirectoryDialect): Connector {
  const settings = directorySettings(service);
  const connections = new ServiceConnections(settings);
  const login = new DirectoryLogin(settings, dialect, connections);
  return {
    service,
    formLogin: login,
    refresh: login,
    tester: new DirectoryTester(settings, login),
    close: () => connections.close(),
  };
}
