import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditEventEntity } from '@rapidauth/database';
import { And, DataSource, FindOptionsWhere, LessThan, MoreThanOrEqual } from 'typeorm';
import { PermissionCheck } from '../auth/permission-check';
import { RequirePermission } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { AuditEventDto, AuditEventQueryDto } from './audit-events.dto';

/**
 * GET /v1/audit-events: filter by organization, actor, action, target, outcome and time. Reading an
 * organization's events needs audit:read on it; platform-wide events need it on the platform.
 */
@ApiTags('audit')
@Controller('v1/audit-events')
export class AuditEventsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly permissions: PermissionCheck,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List audit events', description: "Newest first. An organization's events need `audit:read` on it; platform-wide ones (no `organizationId`) need it on the platform." })
  @ApiPagedResponse(AuditEventDto)
  @ApiErrors(400, 403, 404)
  @RequirePermission('audit:read', { on: 'rows' })
  async list(@Context() context: RequestContext, @Query() query: AuditEventQueryDto): Promise<ListResponse<AuditEventDto>> {
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
    return {
      total,
      limit: query.limit,
      skip: query.skip,
      rows: rows.map(({ id, occurredAt, actorType, actorId, action, targetType, targetId, organizationId, outcome, ip, details }) => ({
        id,
        occurredAt,
        actorType,
        actorId,
        action,
        targetType,
        targetId,
        organizationId,
        outcome,
        ip,
        details,
      })),
    };
  }
}

function timeRange(from?: string, to?: string): Pick<FindOptionsWhere<AuditEventEntity>, 'occurredAt'> {
  if (from && to) return { occurredAt: And(MoreThanOrEqual(new Date(from)), LessThan(new Date(to))) };
  if (from) return { occurredAt: MoreThanOrEqual(new Date(from)) };
  if (to) return { occurredAt: LessThan(new Date(to)) };
  return {};
}
