import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { Context, type RequestContext } from '../http/request-context';
import { CreateEnvironmentDto, EnvironmentDto, EnvironmentWithSecretDto, UpdateEnvironmentDto } from './environments.dto';
import { EnvironmentIdentityDto, EnvironmentIdentityView } from './environment-identity.dto';
import { EnvironmentIdentityService } from './environment-identity.service';
import { EnvironmentsService } from './environments.service';

const APP = { type: 'app', param: 'appId' } as const;
const ENVIRONMENT = { type: 'environment', param: 'id' } as const;

@ApiTags('environments')
@ApiBearerAuth()
@Controller('v1')
export class EnvironmentsController {
  constructor(
    private readonly environments: EnvironmentsService,
    private readonly identity: EnvironmentIdentityService,
  ) {}

  @Post('apps/:appId/environments')
  @RequirePermission('environments:write', APP)
  create(@Context() context: RequestContext, @Param('appId', ParseUUIDPipe) appId: string, @Body() body: CreateEnvironmentDto): Promise<EnvironmentWithSecretDto> {
    return this.environments.create(context, appId, body);
  }

  @Get('apps/:appId/environments')
  @RequirePermission('environments:read', APP)
  list(@Param('appId', ParseUUIDPipe) appId: string, @Query() query: ListQueryDto): Promise<ListResponse<EnvironmentDto>> {
    return this.environments.list(appId, query);
  }

  @Get('environments/:id')
  @RequirePermission('environments:read', ENVIRONMENT)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<EnvironmentDto> {
    return this.environments.get(id);
  }

  @Get('environments/:id/identity')
  @RequirePermission('environments:read', ENVIRONMENT)
  getIdentity(@Param('id', ParseUUIDPipe) id: string): Promise<EnvironmentIdentityView> {
    return this.identity.get(id);
  }

  @Put('environments/:id/identity')
  @RequirePermission('environments:write', ENVIRONMENT)
  putIdentity(
    @Context() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EnvironmentIdentityDto,
  ): Promise<EnvironmentIdentityView> {
    return this.identity.put(context, id, body);
  }

  @Patch('environments/:id')
  @RequirePermission('environments:write', ENVIRONMENT)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateEnvironmentDto): Promise<EnvironmentDto> {
    return this.environments.update(context, id, body);
  }

  @Post('environments/:id/rotate-secret')
  @HttpCode(200)
  @RequirePermission('environments:rotate', ENVIRONMENT)
  rotateSecret(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<EnvironmentWithSecretDto> {
    return this.environments.rotateSecret(context, id);
  }

  @Delete('environments/:id')
  @HttpCode(204)
  @RequirePermission('environments:delete', ENVIRONMENT)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.environments.delete(context, id);
  }
}
