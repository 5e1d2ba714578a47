import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { CreateEnvironmentDto, EnvironmentDto, EnvironmentWithSecretDto, UpdateEnvironmentDto } from './environments.dto';
import { EnvironmentIdentityDto, EnvironmentIdentityView } from './environment-identity.dto';
import { EnvironmentIdentityService } from './environment-identity.service';
import { EnvironmentsService } from './environments.service';

const APP = { on: 'app', parameter: 'appId' } as const;
const ENVIRONMENT = { on: 'environment', parameter: 'id' } as const;

@ApiTags('environments')
@Controller('v1')
export class EnvironmentsController {
  constructor(
    private readonly environments: EnvironmentsService,
    private readonly identity: EnvironmentIdentityService,
  ) {}

  @Post('apps/:appId/environments')
  @ApiOperation({ summary: 'Create an environment', description: 'It comes with its `local` auth service. The answer holds the app secret, shown only this once.' })
  @ApiCreatedResponse({ type: EnvironmentWithSecretDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('environments:write', APP)
  create(@Context() context: RequestContext, @Param('appId', ParseUUIDPipe) appId: string, @Body() body: CreateEnvironmentDto): Promise<EnvironmentWithSecretDto> {
    return this.environments.create(context, appId, body);
  }

  @Get('apps/:appId/environments')
  @ApiOperation({ summary: "List an app's environments" })
  @ApiPagedResponse(EnvironmentDto)
  @ApiErrors(400)
  @RequirePermission('environments:read', APP)
  list(@Param('appId', ParseUUIDPipe) appId: string, @Query() query: ListQueryDto): Promise<ListResponse<EnvironmentDto>> {
    return this.environments.list(appId, query);
  }

  @Get('environments/:id')
  @ApiOperation({ summary: 'Get an environment' })
  @ApiOkResponse({ type: EnvironmentDto })
  @RequirePermission('environments:read', ENVIRONMENT)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<EnvironmentDto> {
    return this.environments.get(id);
  }

  @Get('environments/:id/identity')
  @ApiOperation({ summary: "Get an environment's sign-in services" })
  @ApiOkResponse({ type: EnvironmentIdentityView })
  @RequirePermission('environments:read', ENVIRONMENT)
  getIdentity(@Param('id', ParseUUIDPipe) id: string): Promise<EnvironmentIdentityView> {
    return this.identity.get(id);
  }

  @Put('environments/:id/identity')
  @ApiOperation({ summary: "Set an environment's sign-in services", description: 'Which auth services its users sign in through, and the default one.' })
  @ApiOkResponse({ type: EnvironmentIdentityView })
  @ApiErrors(400, 413)
  @RequirePermission('environments:write', ENVIRONMENT)
  putIdentity(
    @Context() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EnvironmentIdentityDto,
  ): Promise<EnvironmentIdentityView> {
    return this.identity.put(context, id, body);
  }

  @Patch('environments/:id')
  @ApiOperation({ summary: 'Update an environment', description: 'Only the fields sent change.' })
  @ApiOkResponse({ type: EnvironmentDto })
  @ApiErrors(400, 413)
  @RequirePermission('environments:write', ENVIRONMENT)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateEnvironmentDto): Promise<EnvironmentDto> {
    return this.environments.update(context, id, body);
  }

  @Post('environments/:id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the app secret', description: 'The new secret is shown only this once.' })
  @ApiOkResponse({ type: EnvironmentWithSecretDto })
  @RequirePermission('environments:rotate', ENVIRONMENT)
  rotateSecret(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<EnvironmentWithSecretDto> {
    return this.environments.rotateSecret(context, id);
  }

  @Delete('environments/:id')
  @ApiOperation({ summary: 'Delete an environment', description: 'With its clients, users and services; every login in it is revoked.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @HttpCode(204)
  @RequirePermission('environments:delete', ENVIRONMENT)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.environments.delete(context, id);
  }
}
