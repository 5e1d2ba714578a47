import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { ApiConflict, ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { CreateGroupDto, GroupDto, GroupListQueryDto, GroupMemberDto, UpdateGroupDto } from './groups.dto';
import { GroupsService } from './groups.service';

const GROUP = { on: 'group', parameter: 'id' } as const;

/**
 * Groups of admin users: an authority can name a group, and its members hold it. Changing who is
 * a member changes who holds those authorities, so membership needs `authorities:write`.
 */
@ApiTags('groups')
@Controller('v1/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a group', description: 'Of the platform, or of the organization in `organizationId`.' })
  @ApiCreatedResponse({ type: GroupDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('groups:write', { on: 'request' })
  create(@Context() context: RequestContext, @Body() body: CreateGroupDto): Promise<GroupDto> {
    return this.groups.create(context, body);
  }

  @Get()
  @ApiOperation({ summary: 'List groups' })
  @ApiPagedResponse(GroupDto)
  @ApiErrors(400)
  @RequirePermission('groups:read', { on: 'rows' })
  list(@Context() context: RequestContext, @Query() query: GroupListQueryDto): Promise<ListResponse<GroupDto>> {
    return this.groups.list(context, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a group' })
  @ApiOkResponse({ type: GroupDto })
  @RequirePermission('groups:read', GROUP)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<GroupDto> {
    return this.groups.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a group' })
  @ApiOkResponse({ type: GroupDto })
  @ApiErrors(400, 413)
  @RequirePermission('groups:write', GROUP)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateGroupDto): Promise<GroupDto> {
    return this.groups.update(context, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a group', description: 'Its members lose the authorities it held.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflict('LAST_OWNER')
  @RequirePermission('groups:delete', GROUP)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.groups.delete(context, id);
  }

  @Get(':id/members')
  @ApiOperation({ summary: "List a group's members" })
  @ApiOkResponse({ type: [GroupMemberDto] })
  @RequirePermission('groups:read', GROUP)
  members(@Param('id', ParseUUIDPipe) id: string): Promise<GroupMemberDto[]> {
    return this.groups.members(id);
  }

  @Put(':id/members/:adminId')
  @ApiOperation({ summary: 'Add an admin to a group', description: 'They hold the group\'s authorities from now on. Adding a member again changes nothing.' })
  @ApiNoContentResponse({ description: 'A member' })
  @ApiErrors(400)
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
  @ApiOperation({ summary: 'Remove an admin from a group' })
  @ApiNoContentResponse({ description: 'No longer a member' })
  @ApiErrors(400)
  @ApiConflict('LAST_OWNER')
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
