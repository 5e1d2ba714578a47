import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { CascadeQueryDto } from '../http/cascade-query.dto';
import type { ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import {
  CreateOrganizationDto,
  OrganizationDto,
  OrganizationSearchDto,
  OrganizationWithSecretDto,
  UpdateOrganizationDto,
} from './organizations.dto';
import { OrganizationsService } from './organizations.service';

const ORGANIZATION = { on: 'organization', parameter: 'id' } as const;

@ApiTags('organizations')
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an organization', description: 'The calling admin becomes its owner. The answer holds the organization client secret, shown only this once.' })
  @ApiCreatedResponse({ type: OrganizationWithSecretDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('organizations:write')
  create(@Context() context: RequestContext, @Body() body: CreateOrganizationDto): Promise<OrganizationWithSecretDto> {
    return this.organizations.create(context, body);
  }

  /** Lists only the organizations the caller may read. */
  @Get()
  @ApiOperation({ summary: 'List or search organizations' })
  @ApiPagedResponse(OrganizationDto)
  @ApiErrors(400)
  @RequirePermission('organizations:read', { on: 'rows' })
  list(@Context() context: RequestContext, @Query() query: OrganizationSearchDto): Promise<ListResponse<OrganizationDto>> {
    return this.organizations.list(context.principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an organization' })
  @ApiOkResponse({ type: OrganizationDto })
  @RequirePermission('organizations:read', ORGANIZATION)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<OrganizationDto> {
    return this.organizations.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an organization', description: 'Only the fields sent change. A disabled organization client gets no management tokens.' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiErrors(400, 413)
  @RequirePermission('organizations:write', ORGANIZATION)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.update(context, id, body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the organization client secret', description: 'The new secret is shown only this once; management tokens obtained with the old one stop working.' })
  @ApiOkResponse({ type: OrganizationWithSecretDto })
  @RequirePermission('organizations:rotate', ORGANIZATION)
  rotateSecret(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<OrganizationWithSecretDto> {
    return this.organizations.rotateSecret(context, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an organization', description: 'Refused (409) while it has apps, unless `cascade=true`; every login beneath it is revoked.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 409)
  @RequirePermission('organizations:delete', ORGANIZATION)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Query() query: CascadeQueryDto): Promise<void> {
    return this.organizations.delete(context, id, query.cascade === 'true');
  }
}
