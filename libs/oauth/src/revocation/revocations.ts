import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ClusterNotifications } from '@rapidauth/database';
import { METRICS, type Metrics, type RevokedKind } from '@rapidauth/observability';
import { RevocableToken, RevocationList } from './revocation-list';
import { REVOCATION_CHANNEL, Revocation, RevocationRepository, serializeRevocation } from './revocation.repository';

/** Full reread, the safety net behind notifications. */
const RELOAD_INTERVAL_MS = 30_000;
/** The kinds `rapidauth_revocations_total` counts: those a client, a sign-out, a reuse or an admin revokes one by one. */
const COUNTED_KINDS: ReadonlySet<string> = new Set<RevokedKind>(['jti', 'family', 'grant']);

/**
 * Revocation checks at memory speed, current across instances: each instance keeps the active
 * entries in memory and hears new ones through ClusterNotifications (PostgreSQL NOTIFY on commit,
 * typically milliseconds; directly between the apps of one process). After a lost connection, and
 * every 30 s anyway, it rereads everything. The metrics count this process's revocations and
 * read the list's size.
 */
@Injectable()
export class Revocations implements OnModuleDestroy {
  private readonly list = new RevocationList();
  private readonly logger = new Logger(Revocations.name);
  private timer?: NodeJS.Timeout;
  /** Entries learnt while a reload's query runs, re-applied after it replaces the list. */
  private learntDuringReload?: Revocation[];
  private readonly unwatch: () => void;

  constructor(
    private readonly repository: RevocationRepository,
    private readonly notifications: ClusterNotifications,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    this.unwatch = metrics.watchRevocationEntries(() => this.list.size);
  }

  async start(): Promise<void> {
    await this.notifications.subscribe(REVOCATION_CHANNEL, (payload) => this.heard(payload));
    this.notifications.onResync(() => this.reload());
    await this.notifications.start();
    await this.reload();
    this.timer ??= setInterval(() => void this.reload().catch((error: Error) => this.logger.warn(`revocation reload failed, retrying in 30 s: ${error.message}`)), RELOAD_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.unwatch();
  }

  /** Revokes at once here, and on every other instance when the notification arrives. */
  async revoke(revocation: Revocation, reason: string): Promise<void> {
    await this.repository.record(revocation, reason);
    this.announce(revocation);
  }

  /** Several revocations in one transaction. */
  async revokeAll(revocations: Revocation[], reason: string): Promise<void> {
    if (revocations.length === 0) return;
    await this.repository.recordAll(revocations, reason);
    for (const revocation of revocations) this.announce(revocation);
  }

  /** Tells this process about a revocation recorded (and committed) elsewhere; other processes hear the NOTIFY. */
  announce(revocation: Revocation): void {
    if (COUNTED_KINDS.has(revocation.kind)) this.metrics.revocation(revocation.kind as RevokedKind);
    this.notifications.announceLocally(REVOCATION_CHANNEL, serializeRevocation(revocation));
  }

  isRevoked(token: RevocableToken, now = new Date()): boolean {
    return this.list.isRevoked(token, now.getTime());
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

  private heard(payload: string): void {
    try {
      const parsed = JSON.parse(payload) as { kind: Revocation['kind']; value: string; expiresAt: string };
      const revocation = { kind: parsed.kind, value: parsed.value, expiresAt: new Date(parsed.expiresAt) };
      this.list.add(revocation);
      this.learntDuringReload?.push(revocation);
    } catch {
      this.logger.warn('ignored a malformed revocation notification');
    }
  }
}
