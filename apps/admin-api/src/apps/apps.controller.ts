import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { CascadeQueryDto } from '../http/cascade-query.dto';
import { AppDto, CreateAppDto, UpdateAppDto } from './apps.dto';
import { AppsService } from './apps.service';

const ORGANIZATION = { on: 'organization', parameter: 'orgId' } as const;
const APP = { on: 'app', parameter: 'id' } as const;

@ApiTags('apps')
@Controller('v1')
export class AppsController {
  constructor(private readonly apps: AppsService) {}

  @Post('organizations/:orgId/apps')
  @ApiOperation({ summary: 'Create an app' })
  @ApiCreatedResponse({ type: AppDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('apps:write', ORGANIZATION)
  create(@Context() context: RequestContext, @Param('orgId', ParseUUIDPipe) orgId: string, @Body() body: CreateAppDto): Promise<AppDto> {
    return this.apps.create(context, orgId, body);
  }

  @Get('organizations/:orgId/apps')
  @ApiOperation({ summary: "List an organization's apps" })
  @ApiPagedResponse(AppDto)
  @ApiErrors(400)
  @RequirePermission('apps:read', ORGANIZATION)
  list(@Param('orgId', ParseUUIDPipe) orgId: string, @Query() query: ListQueryDto): Promise<ListResponse<AppDto>> {
    return this.apps.list(orgId, query);
  }

  @Get('apps/:id')
  @ApiOperation({ summary: 'Get an app' })
  @ApiOkResponse({ type: AppDto })
  @RequirePermission('apps:read', APP)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AppDto> {
    return this.apps.get(id);
  }

  @Patch('apps/:id')
  @ApiOperation({ summary: 'Update an app', description: 'Only the fields sent change.' })
  @ApiOkResponse({ type: AppDto })
  @ApiErrors(400, 413)
  @RequirePermission('apps:write', APP)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAppDto): Promise<AppDto> {
    return this.apps.update(context, id, body);
  }

  @Delete('apps/:id')
  @ApiOperation({ summary: 'Delete an app', description: 'Refused (409) while it has environments, unless `cascade=true`; every login beneath it is revoked.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 409)
  @HttpCode(204)
  @RequirePermission('apps:delete', APP)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Query() query: CascadeQueryDto): Promise<void> {
    return this.apps.delete(context, id, query.cascade === 'true');
  }
}
