import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListPermission, TargetFromBody } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { Context, type RequestContext } from '../http/request-context';
import { AuthorityDto, AuthorityQueryDto, CreateAuthorityDto } from './authorities.dto';
import { AuthoritiesService } from './authorities.service';

@ApiTags('access')
@ApiBearerAuth()
@Controller('v1/authorities')
export class AuthoritiesController {
  constructor(private readonly authorities: AuthoritiesService) {}

  @Post()
  @TargetFromBody('authorities:write')
  create(@Context() context: RequestContext, @Body() body: CreateAuthorityDto): Promise<AuthorityDto> {
    return this.authorities.create(context, body);
  }

  @Get()
  @ListPermission('authorities:read')
  list(@Context() context: RequestContext, @Query() query: AuthorityQueryDto): Promise<ListResponse<AuthorityDto>> {
    return this.authorities.list(context.principal, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @TargetFromBody('authorities:write')
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.authorities.delete(context, id);
  }
}
