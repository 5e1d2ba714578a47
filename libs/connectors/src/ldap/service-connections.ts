import type { Client } from 'ldapts';
import { bindDirectory, closeQuietly, connectDirectory, isOpen } from './directory-connection';
import { isResultCode } from './directory-errors';
import type { DirectorySettings } from './directory-settings';

/**
 * Connections for the service account's searches: up to `poolSize` kept open and bound between
 * logins (0: one opened and closed per use). A pooled connection found closed, or failing with
 * anything but an LDAP result (the server restarted since), is dropped and the work retried once
 * on a fresh connection. Without a bind DN the connections search anonymously.
 */
export class ServiceConnections {
  private readonly idle: Client[] = [];
  private readonly waiting: Array<(client: Client | undefined) => void> = [];
  private open = 0;
  private closed = false;

  constructor(private readonly settings: DirectorySettings) {}

  async use<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const reused = await this.acquire();
    const client = reused ?? (await this.fresh());
    try {
      const result = await work(client);
      this.release(client);
      return result;
    } catch (error) {
      if (isResultCode(error)) {
        this.release(client);
        throw error;
      }
      await this.discard(client);
      if (!reused) throw error;
      return this.use(work);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake(undefined);
    await Promise.all(this.idle.splice(0).map((client) => this.discard(client)));
  }

  /** A live pooled connection, or undefined when a fresh one is to be opened (a pool slot is reserved for it). */
  private async acquire(): Promise<Client | undefined> {
    if (this.settings.poolSize === 0 || this.closed) return undefined;
    for (let client = this.idle.pop(); client; client = this.idle.pop()) {
      if (isOpen(client) && (client.isBound || !this.settings.bindDn)) return client;
      await this.discard(client);
    }
    if (this.open < this.settings.poolSize) {
      this.open += 1;
      return undefined;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private async fresh(): Promise<Client> {
    try {
      const client = await connectDirectory(this.settings);
      const { bindDn, bindPassword } = this.settings;
      if (bindDn) await bindDirectory(client, bindDn, bindPassword ?? '').catch(async (error: unknown) => {
        await closeQuietly(client);
        throw error;
      });
      return client;
    } catch (error) {
      this.freeSlot();
      throw error;
    }
  }

  private release(client: Client): void {
    if (this.settings.poolSize === 0 || this.closed) {
      void this.discard(client);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(client);
    else this.idle.push(client);
  }

  private async discard(client: Client): Promise<void> {
    await closeQuietly(client);
    this.freeSlot();
  }

  private freeSlot(): void {
    if (this.settings.poolSize === 0) return;
    this.open = Math.max(0, this.open - 1);
    const next = this.waiting.shift();
    if (next) {
      this.open += 1;
      next(undefined);
    }
  }
}
