import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { CreateDataLinkDto, DataLinkDto, UpdateDataLinkDto } from './data-links.dto';
import { DataLinksService } from './data-links.service';

const ENVIRONMENT = { on: 'environment', parameter: 'environmentId' } as const;
const DATA_LINK = { on: 'data-link', parameter: 'id' } as const;

@ApiTags('data-links')
@Controller('v1')
export class DataLinksController {
  constructor(private readonly links: DataLinksService) {}

  @Post('environments/:environmentId/data-links')
  @ApiOperation({ summary: 'Create a data link', description: 'A backend the gateway proxies `/datalink/<name>/…` to, for tokens of `authServiceId`.' })
  @ApiCreatedResponse({ type: DataLinkDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('data-links:write', ENVIRONMENT)
  create(
    @Context() context: RequestContext,
    @Param('environmentId', ParseUUIDPipe) environmentId: string,
    @Body() body: CreateDataLinkDto,
  ): Promise<DataLinkDto> {
    return this.links.create(context, environmentId, body);
  }

  @Get('environments/:environmentId/data-links')
  @ApiOperation({ summary: "List an environment's data links" })
  @ApiPagedResponse(DataLinkDto)
  @ApiErrors(400)
  @RequirePermission('data-links:read', ENVIRONMENT)
  list(@Param('environmentId', ParseUUIDPipe) environmentId: string, @Query() query: ListQueryDto): Promise<ListResponse<DataLinkDto>> {
    return this.links.list(environmentId, query);
  }

  @Get('data-links/:id')
  @ApiOperation({ summary: 'Get a data link' })
  @ApiOkResponse({ type: DataLinkDto })
  @RequirePermission('data-links:read', DATA_LINK)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<DataLinkDto> {
    return this.links.get(id);
  }

  @Patch('data-links/:id')
  @ApiOperation({ summary: 'Update a data link', description: 'Only the fields sent change; every gateway instance uses the change at its next request.' })
  @ApiOkResponse({ type: DataLinkDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('data-links:write', DATA_LINK)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateDataLinkDto): Promise<DataLinkDto> {
    return this.links.update(context, id, body);
  }

  @Delete('data-links/:id')
  @ApiOperation({ summary: 'Delete a data link' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @HttpCode(204)
  @RequirePermission('data-links:delete', DATA_LINK)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.links.delete(context, id);
  }
}
