import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListPermission, RequirePermission } from '../auth/permission.decorator';
import { CascadeQueryDto } from '../http/cascade-query.dto';
import { ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { Context, type RequestContext } from '../http/request-context';
import {
  CreateOrganizationDto,
  OrganizationDto,
  OrganizationWithSecretDto,
  UpdateOrganizationDto,
} from './organizations.dto';
import { OrganizationsService } from './organizations.service';

const ORGANIZATION = { type: 'organization', param: 'id' } as const;

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @RequirePermission('organizations:write')
  create(@Context() context: RequestContext, @Body() body: CreateOrganizationDto): Promise<OrganizationWithSecretDto> {
    return this.organizations.create(context, body);
  }

  /** Lists only the organizations the caller may read. */
  @Get()
  @ListPermission('organizations:read')
  list(@Context() context: RequestContext, @Query() query: ListQueryDto): Promise<ListResponse<OrganizationDto>> {
    return this.organizations.list(context.principal, query);
  }

  @Get(':id')
  @RequirePermission('organizations:read', ORGANIZATION)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<OrganizationDto> {
    return this.organizations.get(id);
  }

  @Patch(':id')
  @RequirePermission('organizations:write', ORGANIZATION)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.update(context, id, body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequirePermission('organizations:rotate', ORGANIZATION)
  rotateSecret(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<OrganizationWithSecretDto> {
    return this.organizations.rotateSecret(context, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('organizations:delete', ORGANIZATION)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Query() query: CascadeQueryDto): Promise<void> {
    return this.organizations.delete(context, id, query.cascade === 'true');
  }
}
