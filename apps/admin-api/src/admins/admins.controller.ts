import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { ApiConflict, ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { AdminDto, CreateAdminDto, UpdateAdminDto } from './admins.dto';
import { AdminsService } from './admins.service';

@ApiTags('access')
@Controller('v1/admins')
export class AdminsController {
  constructor(private readonly admins: AdminsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an admin user' })
  @ApiCreatedResponse({ type: AdminDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('admins:write')
  create(@Context() context: RequestContext, @Body() body: CreateAdminDto): Promise<AdminDto> {
    return this.admins.create(context, body);
  }

  @Get()
  @ApiOperation({ summary: 'List admin users' })
  @ApiPagedResponse(AdminDto)
  @ApiErrors(400)
  @RequirePermission('admins:read')
  list(@Query() query: ListQueryDto): Promise<ListResponse<AdminDto>> {
    return this.admins.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an admin user' })
  @ApiOkResponse({ type: AdminDto })
  @ApiErrors(400, 404)
  @RequirePermission('admins:read')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AdminDto> {
    return this.admins.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Disable or enable an admin user', description: 'A disabled admin gets no management tokens, and those issued stop working.' })
  @ApiOkResponse({ type: AdminDto })
  @ApiErrors(400, 404, 413)
  @ApiConflict('LAST_OWNER')
  @RequirePermission('admins:disable')
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAdminDto): Promise<AdminDto> {
    return body.disabled === undefined ? this.admins.get(id) : this.admins.setDisabled(context, id, body.disabled);
  }
}
