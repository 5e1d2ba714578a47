import { Injectable } from '@nestjs/common';
import { AuditEventEntity } from '@rapidauth/database';
import { And, DataSource, FindOptionsWhere, LessThan, MoreThanOrEqual } from 'typeorm';
import { PermissionCheck } from '../auth/permission-check';
import type { ListResponse } from '../http/list-query.dto';
import type { RequestContext } from '../http/request-context';
import type { AuditEventDto, AuditEventQueryDto } from './audit-events.dto';

/**
 * The audit log, filtered by organization, actor, action, target, outcome and time. Reading an
 * organization's events needs audit:read on it; platform-wide events need it on the platform.
 */
@Injectable()
export class AuditEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly permissions: PermissionCheck,
  ) {}

  async list(context: RequestContext, query: AuditEventQueryDto): Promise<ListResponse<AuditEventDto>> {
    const target = query.organizationId ? { type: 'organization' as const, id: query.organizationId } : { type: 'platform' as const };
    await this.permissions.require(context.principal, 'audit:read', target);
    const where: FindOptionsWhere<AuditEventEntity> = {
      ...(query.organizationId && { organizationId: query.organizationId }),
      ...(query.actorId && { actorId: query.actorId }),
      ...(query.action && { action: query.action }),
      ...(query.targetType && { targetType: query.targetType }),
      ...(query.targetId && { targetId: query.targetId }),
      ...(query.outcome && { outcome: query.outcome as AuditEventEntity['outcome'] }),
      ...timeRange(query.from, query.to),
    };
    const [rows, total] = await this.dataSource.manager.findAndCount(AuditEventEntity, {
      where,
      order: { occurredAt: query.order === 'asc' ? 'ASC' : 'DESC' },
      take: query.limit,
      skip: query.skip,
    });
    return { total, limit: query.limit, skip: query.skip, rows: rows.map(toDto) };
  }
}

function timeRange(from?: string, to?: string): Pick<FindOptionsWhere<AuditEventEntity>, 'occurredAt'> {
  if (from && to) return { occurredAt: And(MoreThanOrEqual(new Date(from)), LessThan(new Date(to))) };
  if (from) return { occurredAt: MoreThanOrEqual(new Date(from)) };
  if (to) return { occurredAt: LessThan(new Date(to)) };
  return {};
}

/** Explicit mapping: the user agent stays in the database. */
function toDto(event: AuditEventEntity): AuditEventDto {
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    organizationId: event.organizationId,
    outcome: event.outcome,
    ip: event.ip,
    details: event.details,
  };
}
