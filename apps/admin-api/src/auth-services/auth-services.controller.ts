import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConnectorRegistry, type ConnectorDescriptor } from '@rapidauth/connectors';
import { RequirePermission } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { AuthServiceDto, AuthServiceListQueryDto, AuthServiceTypeDto, CreateAuthServiceDto, UpdateAuthServiceDto } from './auth-services.dto';
import { AuthServicesService } from './auth-services.service';
import { ConnectionTestDto, TestNewAuthServiceDto, TestStoredAuthServiceDto } from './auth-service-test.dto';
import { AuthServiceTestService } from './auth-service-test.service';

const SERVICE = { on: 'auth-service', parameter: 'id' } as const;

@ApiTags('auth-services')
@Controller('v1')
export class AuthServicesController {
  constructor(
    private readonly services: AuthServicesService,
    private readonly registry: ConnectorRegistry,
    private readonly tests: AuthServiceTestService,
  ) {}

  /** Every connector type with its settings (labels, help, required, secret): what the console renders. */
  @Get('auth-service-types')
  @ApiOperation({ summary: 'List the auth service types', description: 'Every connector type with its settings (labels, help, required, secret): what a console renders forms from.' })
  @ApiOkResponse({ type: [AuthServiceTypeDto] })
  @RequirePermission('auth-services:read', { on: 'rows' })
  types(): readonly ConnectorDescriptor[] {
    return this.registry.types();
  }

  @Post('auth-services')
  @ApiOperation({ summary: 'Create an auth service', description: 'In one environment or for a whole organization. Secret settings are stored encrypted and never returned.' })
  @ApiCreatedResponse({ type: AuthServiceDto })
  @ApiErrors(400, 413)
  @RequirePermission('auth-services:write', { on: 'request' })
  create(@Context() context: RequestContext, @Body() body: CreateAuthServiceDto): Promise<AuthServiceDto> {
    return this.services.create(context, body);
  }

  /** A dry run, so an admin sees what a directory or adaptor answers before users depend on it. */
  @Post('auth-services/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Test a new auth service config',
    description: 'The create body, plus an optional `probe` user to sign in: connects to the upstream and runs its checks. Nothing is saved.',
  })
  @ApiOkResponse({ type: ConnectionTestDto })
  @ApiErrors(400, 413)
  @RequirePermission('auth-services:write', { on: 'request' })
  testNew(@Context() context: RequestContext, @Body() body: TestNewAuthServiceDto): Promise<ConnectionTestDto> {
    return this.tests.testNew(context, body);
  }

  @Get('auth-services')
  @ApiOperation({ summary: 'List auth services' })
  @ApiPagedResponse(AuthServiceDto)
  @ApiErrors(400)
  @RequirePermission('auth-services:read', { on: 'rows' })
  list(@Context() context: RequestContext, @Query() query: AuthServiceListQueryDto): Promise<ListResponse<AuthServiceDto>> {
    return this.services.list(context, query);
  }

  @Get('auth-services/:id')
  @ApiOperation({ summary: 'Get an auth service' })
  @ApiOkResponse({ type: AuthServiceDto })
  @RequirePermission('auth-services:read', SERVICE)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AuthServiceDto> {
    return this.services.get(id);
  }

  @Patch('auth-services/:id')
  @ApiOperation({
    summary: 'Update an auth service',
    description: 'Only the fields and settings sent change. `userIdAttribute` of an oauth2 or facebook service cannot change once users signed in through it (409 IDENTITIES_EXIST).',
  })
  @ApiOkResponse({ type: AuthServiceDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('auth-services:write', SERVICE)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAuthServiceDto): Promise<AuthServiceDto> {
    return this.services.update(context, id, body);
  }

  @Post('auth-services/:id/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Test an auth service',
    description: 'With its stored config and secrets, or `config` merged over them as PATCH merges it; an optional `probe` user is signed in. Nothing is saved.',
  })
  @ApiOkResponse({ type: ConnectionTestDto })
  @ApiErrors(400, 413)
  @RequirePermission('auth-services:write', SERVICE)
  testStored(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: TestStoredAuthServiceDto): Promise<ConnectionTestDto> {
    return this.tests.testStored(context, id, body);
  }

  /** Operators may switch a service off (its logins are revoked) without the right to reconfigure it. */
  @Post('auth-services/:id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an auth service', description: 'Its logins are revoked.' })
  @ApiOkResponse({ type: AuthServiceDto })
  @RequirePermission('auth-services:disable', SERVICE)
  disable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthServiceDto> {
    return this.services.update(context, id, { enabled: false });
  }

  @Post('auth-services/:id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable an auth service' })
  @ApiOkResponse({ type: AuthServiceDto })
  @RequirePermission('auth-services:write', SERVICE)
  enable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthServiceDto> {
    return this.services.update(context, id, { enabled: true });
  }

  @Delete('auth-services/:id')
  @ApiOperation({ summary: 'Delete an auth service', description: 'Refused (409) while an environment signs in through it.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 409)
  @HttpCode(204)
  @RequirePermission('auth-services:delete', SERVICE)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.services.delete(context, id);
  }
}
