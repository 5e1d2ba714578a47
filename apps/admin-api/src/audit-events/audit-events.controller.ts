import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { AuditEventDto, AuditEventQueryDto } from './audit-events.dto';
import { AuditEventsService } from './audit-events.service';

/** GET /v1/audit-events: the audit log, newest first, filtered. */
@ApiTags('audit')
@Controller('v1/audit-events')
export class AuditEventsController {
  constructor(private readonly auditEvents: AuditEventsService) {}

  @Get()
  @ApiOperation({ summary: 'List audit events', description: "Newest first. An organization's events need `audit:read` on it; platform-wide ones (no `organizationId`) need it on the platform." })
  @ApiPagedResponse(AuditEventDto)
  @ApiErrors(400, 403, 404)
  @RequirePermission('audit:read', { on: 'rows' })
  list(@Context() context: RequestContext, @Query() query: AuditEventQueryDto): Promise<ListResponse<AuditEventDto>> {
    return this.auditEvents.list(context, query);
  }
}
