import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListPermission, RequirePermission, TargetFromBody } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { Context, type RequestContext } from '../http/request-context';
import { CreateGroupDto, GroupDto, GroupListQueryDto, GroupMemberDto, UpdateGroupDto } from './groups.dto';
import { GroupsService } from './groups.service';

const GROUP = { type: 'group', param: 'id' } as const;

/**
 * Groups of admin users: an authority can name a group, and its members hold it. Changing who is
 * a member changes who holds those authorities, so membership needs `authorities:write`.
 */
@ApiTags('groups')
@ApiBearerAuth()
@Controller('v1/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post()
  @TargetFromBody('groups:write')
  create(@Context() context: RequestContext, @Body() body: CreateGroupDto): Promise<GroupDto> {
    return this.groups.create(context, body);
  }

  @Get()
  @ListPermission('groups:read')
  list(@Context() context: RequestContext, @Query() query: GroupListQueryDto): Promise<ListResponse<GroupDto>> {
    return this.groups.list(context, query);
  }

  @Get(':id')
  @RequirePermission('groups:read', GROUP)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<GroupDto> {
    return this.groups.get(id);
  }

  @Patch(':id')
  @RequirePermission('groups:write', GROUP)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateGroupDto): Promise<GroupDto> {
    return this.groups.update(context, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('groups:delete', GROUP)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.groups.delete(context, id);
  }

  @Get(':id/members')
  @RequirePermission('groups:read', GROUP)
  members(@Param('id', ParseUUIDPipe) id: string): Promise<GroupMemberDto[]> {
    return this.groups.members(id);
  }

  @Put(':id/members/:adminId')
  @HttpCode(204)
  @RequirePermission('authorities:write', GROUP)
  addMember(
    @Context() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('adminId', ParseUUIDPipe) adminId: string,
  ): Promise<void> {
    return this.groups.addMember(context, id, adminId);
  }

  @Delete(':id/members/:adminId')
  @HttpCode(204)
  @RequirePermission('authorities:write', GROUP)
  removeMember(
    @Context() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('adminId', ParseUUIDPipe) adminId: string,
  ): Promise<void> {
    return this.groups.removeMember(context, id, adminId);
  }
}
