import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { Database } from './data-source';
import { DATABASE } from './database.token';

const RECONNECT_DELAY_MS = 1_000;
/** Apps hosted by one process (gateway + admin API) hear each other here; other processes through PostgreSQL. */
const processBus = new EventEmitter().setMaxListeners(0);

type Handler = (payload: string) => void;

/**
 * Cache invalidation across instances: `publish` sends a PostgreSQL NOTIFY (delivered to every
 * instance when the transaction commits) and tells the other apps of this process directly.
 * One LISTEN connection per app; while it is down it reconnects, and `onResync` handlers reread
 * everything, since notifications sent meanwhile are lost. On PGlite (one process) only the
 * in-process bus applies.
 */
@Injectable()
export class ClusterNotifications implements OnModuleDestroy {
  private readonly logger = new Logger(ClusterNotifications.name);
  private readonly handlers = new Map<string, Handler[]>();
  private readonly resyncHandlers: Array<() => Promise<void>> = [];
  private readonly busListeners: Array<[string, Handler]> = [];
  private listener?: Client;
  private starting?: Promise<void>;
  private reconnectTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly dataSource: DataSource,
  ) {}

  /** Registers a handler; once listening, a new channel is LISTENed at once. */
  async subscribe(channel: string, handler: Handler): Promise<void> {
    const known = this.handlers.has(channel);
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
    processBus.on(channel, handler);
    this.busListeners.push([channel, handler]);
    if (!known && this.listener) await this.listener.query(listenStatement(channel));
  }

  onResync(handler: () => Promise<void>): void {
    this.resyncHandlers.push(handler);
  }

  /** Starts listening (idempotent). */
  start(): Promise<void> {
    this.starting ??= this.database.kind === 'postgres' ? this.listen() : Promise.resolve();
    return this.starting;
  }

  /** Announces to every instance. Inside a transaction, pass its manager and call `announceLocally` after commit. */
  async publish(channel: string, payload: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /** Tells this process's apps (this one included). */
  announceLocally(channel: string, payload: string): void {
    processBus.emit(channel, payload);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    for (const [channel, handler] of this.busListeners) processBus.off(channel, handler);
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.database.kind !== 'postgres') return;
    const url = (this.database.dataSource.options as { url: string }).url;
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true });
    client.on('notification', ({ channel, payload }) => {
      for (const handler of this.handlers.get(channel) ?? []) {
        try {
          handler(payload ?? '');
        } catch (error) {
          this.logger.warn(`notification on ${channel} failed: ${(error as Error).message}`);
        }
      }
    });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(listenStatement(channel));
    } catch (error) {
      // Half-open: it must not stay connected (and LISTENing) beside the next attempt.
      await client.end().catch(() => undefined);
      throw error;
    }
    this.listener = client;
  }

  /** The LISTEN connection dropped (the database went away): retry every second until it is back. */
  private reconnect(client: Client): void {
    if (this.stopped || this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    this.logger.warn('lost the notification connection; reconnecting');
    this.retry(() => this.reconnectNow());
  }

  private async reconnectNow(): Promise<void> {
    try {
      await this.listen();
    } catch (error) {
      this.logger.warn(`cannot listen for notifications yet (${(error as Error).message}); retrying`);
      this.retry(() => this.reconnectNow());
      return;
    }
    this.logger.warn('notification connection back; rereading what may have been missed');
    await this.resyncNow();
  }

  /** Notifications sent while disconnected are lost: every handler rereads, retried until all succeed. */
  private async resyncNow(): Promise<void> {
    try {
      for (const resync of this.resyncHandlers) await resync();
    } catch (error) {
      this.logger.warn(`resync after reconnecting failed (${(error as Error).message}); retrying`);
      this.retry(() => this.resyncNow());
    }
  }

  private retry(attempt: () => Promise<void>): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void attempt(), RECONNECT_DELAY_MS);
  }
}

function listenStatement(channel: string): string {
  return `LISTEN "${channel.replace(/"/g, '')}"`;
}
