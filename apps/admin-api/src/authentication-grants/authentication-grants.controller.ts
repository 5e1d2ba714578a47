import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import {
  AuthenticationGrantDto,
  AuthenticationGrantListDto,
  AuthenticationGrantQueryDto,
  AuthenticationGrantWithSecretDto,
  CreateAuthenticationGrantDto,
  UpdateAuthenticationGrantDto,
} from './authentication-grants.dto';
import { AuthenticationGrantsService } from './authentication-grants.service';

const GRANT = { on: 'grant', parameter: 'id' } as const;

@ApiTags('authentication-grants')
@Controller('v1/authentication-grants')
export class AuthenticationGrantsController {
  constructor(private readonly grants: AuthenticationGrantsService) {}

  /** The principal's domain is in the body: the service checks grants:write on it. */
  @Post()
  @ApiOperation({ summary: 'Create an authentication grant', description: 'A key and secret a device signs in with as one account through one client. The secret is shown only this once.' })
  @ApiCreatedResponse({ type: AuthenticationGrantWithSecretDto })
  @ApiErrors(400, 413)
  @RequirePermission('grants:write', { on: 'request' })
  create(@Context() context: RequestContext, @Body() body: CreateAuthenticationGrantDto): Promise<AuthenticationGrantWithSecretDto> {
    return this.grants.create(context, body);
  }

  @Get()
  @ApiOperation({ summary: 'List authentication grants' })
  @ApiPagedResponse(AuthenticationGrantDto)
  @ApiErrors(400)
  @RequirePermission('grants:read', { on: 'rows' })
  list(@Context() context: RequestContext, @Query() query: AuthenticationGrantListDto): Promise<ListResponse<AuthenticationGrantDto>> {
    return this.grants.list(context.principal, query);
  }

  @Post('query')
  @ApiOperation({ summary: 'Query authentication grants', description: 'Field equality on enabled, clientId, principalId, principalDomainId and title, with a sort.' })
  @ApiPagedResponse(AuthenticationGrantDto)
  @ApiErrors(400, 413)
  @HttpCode(200)
  @RequirePermission('grants:read', { on: 'rows' })
  query(@Context() context: RequestContext, @Body() body: AuthenticationGrantQueryDto): Promise<ListResponse<AuthenticationGrantDto>> {
    return this.grants.query(context.principal, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an authentication grant' })
  @ApiOkResponse({ type: AuthenticationGrantDto })
  @RequirePermission('grants:read', GRANT)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AuthenticationGrantDto> {
    return this.grants.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an authentication grant', description: '`key` and `secret` are read-only (400 `READ_ONLY_FIELD`); `enabled: false` revokes its logins.' })
  @ApiOkResponse({ type: AuthenticationGrantDto })
  @ApiErrors(400, 413)
  @RequirePermission('grants:write', GRANT)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAuthenticationGrantDto): Promise<AuthenticationGrantDto> {
    return this.grants.update(context, id, body);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an authentication grant', description: 'Its logins are revoked.' })
  @ApiOkResponse({ type: AuthenticationGrantDto })
  @RequirePermission('grants:disable', GRANT)
  disable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthenticationGrantDto> {
    return this.grants.disable(context, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable an authentication grant' })
  @ApiOkResponse({ type: AuthenticationGrantDto })
  @RequirePermission('grants:write', GRANT)
  enable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthenticationGrantDto> {
    return this.grants.enable(context, id);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate an authentication grant secret', description: 'The new secret is shown only this once; logins with the old one are revoked.' })
  @ApiOkResponse({ type: AuthenticationGrantWithSecretDto })
  @RequirePermission('grants:rotate', GRANT)
  rotate(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthenticationGrantWithSecretDto> {
    return this.grants.rotate(context, id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete an authentication grant', description: 'Its logins are revoked.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @HttpCode(204)
  @RequirePermission('grants:write', GRANT)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.grants.delete(context, id);
  }
}
