import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { Client } from 'pg';
import { RevocableToken, RevocationList } from './revocation-list';
import { REVOCATION_CHANNEL, Revocation, RevocationRepository } from './revocation.repository';

/** Full reread, the safety net behind notifications (and the only path on PGlite's single process). */
const RELOAD_INTERVAL_MS = 30_000;
const RECONNECT_DELAY_MS = 1_000;

/**
 * Revocation checks at memory speed, current across instances: each instance keeps the active
 * entries in memory and LISTENs on PostgreSQL for new ones (delivered on commit, typically in
 * milliseconds). While the listener is down it reconnects and rereads everything, so a missed
 * notification costs at most the reconnect time.
 */
@Injectable()
export class Revocations implements OnModuleDestroy {
  private readonly list = new RevocationList();
  private readonly logger = new Logger(Revocations.name);
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Entries learnt while a reload's query runs, re-applied after it replaces the list. */
  private learntDuringReload?: Revocation[];

  constructor(
    private readonly repository: RevocationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(): Promise<void> {
    if (this.config.database.kind === 'postgres') await this.listen();
    await this.reload();
    this.timer ??= setInterval(() => void this.reload().catch(() => undefined), RELOAD_INTERVAL_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => undefined);
  }

  /** Revokes at once here, and on every other instance when the notification arrives. */
  async revoke(revocation: Revocation, reason: string): Promise<void> {
    await this.repository.record(revocation, reason);
    this.remember(revocation);
  }

  /** Adds a revocation another component recorded inside its own transaction (after commit). */
  remember(revocation: Revocation): void {
    this.list.add(revocation);
    this.learntDuringReload?.push(revocation);
  }

  isRevoked(token: RevocableToken): boolean {
    return this.list.isRevoked(token);
  }

  async reload(): Promise<void> {
    const learnt: Revocation[] = [];
    this.learntDuringReload = learnt;
    try {
      const active = await this.repository.findActive(new Date());
      this.list.replace(active);
      for (const revocation of learnt) this.list.add(revocation);
    } finally {
      if (this.learntDuringReload === learnt) this.learntDuringReload = undefined;
    }
  }

  private async listen(): Promise<void> {
    if (this.config.database.kind !== 'postgres') return;
    const client = new Client({ connectionString: this.config.database.url, connectionTimeoutMillis: 10_000 });
    client.on('notification', (message) => {
      if (message.channel !== REVOCATION_CHANNEL || !message.payload) return;
      try {
        const parsed = JSON.parse(message.payload) as { kind: Revocation['kind']; value: string; expiresAt: string };
        this.remember({ kind: parsed.kind, value: parsed.value, expiresAt: new Date(parsed.expiresAt) });
      } catch {
        this.logger.warn('ignored a malformed revocation notification');
      }
    });
    client.on('error', () => this.scheduleReconnect(client));
    client.on('end', () => this.scheduleReconnect(client));
    await client.connect();
    await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
    this.listener = client;
  }

  private scheduleReconnect(client: Client): void {
    if (this.stopped || this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    this.logger.warn('revocation listener lost its connection; reconnecting');
    this.reconnectTimer = setTimeout(async () => {
      try {
        await this.listen();
        await this.reload();
      } catch {
        this.listener = client;
        this.scheduleReconnect(client);
      }
    }, RECONNECT_DELAY_MS);
  }
}
