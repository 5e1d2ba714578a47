import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListPermission, RequirePermission, TargetFromBody } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
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

const GRANT = { type: 'grant', param: 'id' } as const;

@ApiTags('authentication-grants')
@ApiBearerAuth()
@Controller('v1/authentication-grants')
export class AuthenticationGrantsController {
  constructor(private readonly grants: AuthenticationGrantsService) {}

  /** The principal's domain is in the body: the service checks grants:write on it. */
  @Post()
  @TargetFromBody('grants:write')
  create(@Context() context: RequestContext, @Body() body: CreateAuthenticationGrantDto): Promise<AuthenticationGrantWithSecretDto> {
    return this.grants.create(context, body);
  }

  @Get()
  @ListPermission('grants:read')
  list(@Context() context: RequestContext, @Query() query: AuthenticationGrantListDto): Promise<ListResponse<AuthenticationGrantDto>> {
    return this.grants.list(context.principal, query);
  }

  @Post('query')
  @HttpCode(200)
  @ListPermission('grants:read')
  query(@Context() context: RequestContext, @Body() body: AuthenticationGrantQueryDto): Promise<ListResponse<AuthenticationGrantDto>> {
    return this.grants.query(context.principal, body);
  }

  @Get(':id')
  @RequirePermission('grants:read', GRANT)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AuthenticationGrantDto> {
    return this.grants.get(id);
  }

  @Patch(':id')
  @RequirePermission('grants:write', GRANT)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAuthenticationGrantDto): Promise<AuthenticationGrantDto> {
    return this.grants.update(context, id, body);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequirePermission('grants:disable', GRANT)
  disable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthenticationGrantDto> {
    return this.grants.disable(context, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @RequirePermission('grants:write', GRANT)
  enable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthenticationGrantDto> {
    return this.grants.enable(context, id);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @RequirePermission('grants:rotate', GRANT)
  rotate(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthenticationGrantWithSecretDto> {
    return this.grants.rotate(context, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('grants:write', GRANT)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.grants.delete(context, id);
  }
}
