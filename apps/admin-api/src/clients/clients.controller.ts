import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { ClientDto, ClientListQueryDto, ClientWithSecretDto, CreateClientDto, UpdateClientDto } from './clients.dto';
import { ClientsService } from './clients.service';

const ENVIRONMENT = { on: 'environment', parameter: 'environmentId' } as const;
const CLIENT = { on: 'client', parameter: 'id' } as const;

@ApiTags('clients')
@Controller('v1')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post('environments/:environmentId/clients')
  @ApiOperation({ summary: 'Register a client', description: 'A confidential client\'s answer holds its secret, shown only this once.' })
  @ApiCreatedResponse({ type: ClientWithSecretDto })
  @ApiErrors(400, 413)
  @RequirePermission('clients:write', ENVIRONMENT)
  create(
    @Context() context: RequestContext,
    @Param('environmentId', ParseUUIDPipe) environmentId: string,
    @Body() body: CreateClientDto,
  ): Promise<ClientWithSecretDto> {
    return this.clients.create(context, environmentId, body);
  }

  @Get('environments/:environmentId/clients')
  @ApiOperation({ summary: "List an environment's clients", description: '`kind` keeps one kind: `registered` clients or `device` clients (one per registered device).' })
  @ApiPagedResponse(ClientDto)
  @ApiErrors(400)
  @RequirePermission('clients:read', ENVIRONMENT)
  list(@Param('environmentId', ParseUUIDPipe) environmentId: string, @Query() query: ClientListQueryDto): Promise<ListResponse<ClientDto>> {
    return this.clients.list(environmentId, query);
  }

  @Get('clients/:id')
  @ApiOperation({ summary: 'Get a client' })
  @ApiOkResponse({ type: ClientDto })
  @RequirePermission('clients:read', CLIENT)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ClientDto> {
    return this.clients.get(id);
  }

  @Patch('clients/:id')
  @ApiOperation({ summary: 'Update a client', description: 'Only the fields sent change; `enabled: false` revokes its logins.' })
  @ApiOkResponse({ type: ClientDto })
  @ApiErrors(400, 413)
  @RequirePermission('clients:write', CLIENT)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateClientDto): Promise<ClientDto> {
    return this.clients.update(context, id, body);
  }

  /** Operators may switch a client off (its logins are revoked) without the right to reconfigure it. */
  @Post('clients/:id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a client', description: 'It is refused at once and its logins are revoked.' })
  @ApiOkResponse({ type: ClientDto })
  @RequirePermission('clients:disable', CLIENT)
  disable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<ClientDto> {
    return this.clients.update(context, id, { enabled: false });
  }

  @Post('clients/:id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a client' })
  @ApiOkResponse({ type: ClientDto })
  @RequirePermission('clients:write', CLIENT)
  enable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<ClientDto> {
    return this.clients.update(context, id, { enabled: true });
  }

  @Post('clients/:id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a client secret', description: 'Confidential clients only (400 for a public one); the new secret is shown only this once.' })
  @ApiOkResponse({ type: ClientWithSecretDto })
  @ApiErrors(400)
  @RequirePermission('clients:rotate', CLIENT)
  rotateSecret(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<ClientWithSecretDto> {
    return this.clients.rotateSecret(context, id);
  }

  @Delete('clients/:id')
  @ApiOperation({ summary: 'Delete a client', description: 'Its logins are revoked.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @HttpCode(204)
  @RequirePermission('clients:delete', CLIENT)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.clients.delete(context, id);
  }
}
