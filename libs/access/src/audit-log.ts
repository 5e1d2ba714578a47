import { Injectable } from '@nestjs/common';
import { AuditEventEntity, deleteExpiredBatch, type AuditOutcome } from '@rapidauth/database';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from './principal';

export interface AuditRecord {
  /** `account`: an end user acting through the gateway (their token's `sub`). */
  readonly actor: Principal | { type: 'system'; id?: undefined } | { type: 'account'; id: string };
  readonly action: string;
  readonly target?: { type: string; id: string };
  readonly organizationId?: string | null;
  readonly outcome?: AuditOutcome;
  readonly ip?: string;
  readonly userAgent?: string;
  /** Context without secrets: callers pass names and ids, never credentials. */
  readonly details?: Record<string, unknown>;
}

/** Appends audit events: who did what to which object, when, from where, with what outcome. */
@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(record: AuditRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.save(manager.create(AuditEventEntity, {
      actorType: record.actor.type,
      actorId: record.actor.id ?? null,
      action: record.action,
      targetType: record.target?.type ?? null,
      targetId: record.target?.id ?? null,
      organizationId: record.organizationId ?? null,
      outcome: record.outcome ?? 'success',
      ip: record.ip?.slice(0, 64) ?? null,
      userAgent: record.userAgent?.slice(0, 512) ?? null,
      details: record.details ?? {},
    }));
  }

  /**
   * Deletes one batch of events that occurred more than `retentionDays` days before `now`
   * (AUDIT_RETENTION_DAYS; the cleanup keeps them all when it is 0); returns how many.
   */
  deleteExpired(now: Date, batchSize: number, retentionDays: number): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
    return deleteExpiredBatch(
      this.dataSource,
      { table: 'audit_event', where: '"occurred_at" < $1', orderBy: '"occurred_at"', params: [cutoff] },
      batchSize,
    );
  }
}
