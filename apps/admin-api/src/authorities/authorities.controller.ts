import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { ApiConflict, ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { AuthorityDto, AuthorityQueryDto, CreateAuthorityDto } from './authorities.dto';
import { AuthoritiesService } from './authorities.service';

@ApiTags('access')
@Controller('v1/authorities')
export class AuthoritiesController {
  constructor(private readonly authorities: AuthoritiesService) {}

  @Post()
  @ApiOperation({ summary: 'Grant a role on a target', description: 'Gives an admin, an organization client or a group a role on the platform, an organization, an app or an environment.' })
  @ApiCreatedResponse({ type: AuthorityDto })
  @ApiErrors(400, 413)
  @RequirePermission('authorities:write', { on: 'request' })
  create(@Context() context: RequestContext, @Body() body: CreateAuthorityDto): Promise<AuthorityDto> {
    return this.authorities.create(context, body);
  }

  @Get()
  @ApiOperation({ summary: 'List authorities' })
  @ApiPagedResponse(AuthorityDto)
  @ApiErrors(400)
  @RequirePermission('authorities:read', { on: 'rows' })
  list(@Context() context: RequestContext, @Query() query: AuthorityQueryDto): Promise<ListResponse<AuthorityDto>> {
    return this.authorities.list(context.principal, query);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an authority' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(400)
  @ApiConflict('LAST_OWNER')
  @HttpCode(204)
  @RequirePermission('authorities:write', { on: 'request' })
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.authorities.delete(context, id);
  }
}
