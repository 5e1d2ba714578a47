import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { Context, type RequestContext } from '../http/request-context';
import { AdminDto, CreateAdminDto, UpdateAdminDto } from './admins.dto';
import { AdminsService } from './admins.service';

@ApiTags('access')
@ApiBearerAuth()
@Controller('v1/admins')
export class AdminsController {
  constructor(private readonly admins: AdminsService) {}

  @Post()
  @RequirePermission('admins:write')
  create(@Context() context: RequestContext, @Body() body: CreateAdminDto): Promise<AdminDto> {
    return this.admins.create(context, body);
  }

  @Get()
  @RequirePermission('admins:read')
  list(@Query() query: ListQueryDto): Promise<ListResponse<AdminDto>> {
    return this.admins.list(query);
  }

  @Get(':id')
  @RequirePermission('admins:read')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AdminDto> {
    return this.admins.get(id);
  }

  @Patch(':id')
  @RequirePermission('admins:disable')
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAdminDto): Promise<AdminDto> {
    return body.disabled === undefined ? this.admins.get(id) : this.admins.setDisabled(context, id, body.disabled);
  }
}
