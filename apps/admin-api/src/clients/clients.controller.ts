import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { Context, type RequestContext } from '../http/request-context';
import { ClientDto, ClientWithSecretDto, CreateClientDto, UpdateClientDto } from './clients.dto';
import { ClientsService } from './clients.service';

const ENVIRONMENT = { type: 'environment', param: 'environmentId' } as const;
const CLIENT = { type: 'client', param: 'id' } as const;

@ApiTags('clients')
@ApiBearerAuth()
@Controller('v1')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post('environments/:environmentId/clients')
  @RequirePermission('clients:write', ENVIRONMENT)
  create(
    @Context() context: RequestContext,
    @Param('environmentId', ParseUUIDPipe) environmentId: string,
    @Body() body: CreateClientDto,
  ): Promise<ClientWithSecretDto> {
    return this.clients.create(context, environmentId, body);
  }

  @Get('environments/:environmentId/clients')
  @RequirePermission('clients:read', ENVIRONMENT)
  list(@Param('environmentId', ParseUUIDPipe) environmentId: string, @Query() query: ListQueryDto): Promise<ListResponse<ClientDto>> {
    return this.clients.list(environmentId, query);
  }

  @Get('clients/:id')
  @RequirePermission('clients:read', CLIENT)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ClientDto> {
    return this.clients.get(id);
  }

  @Patch('clients/:id')
  @RequirePermission('clients:write', CLIENT)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateClientDto): Promise<ClientDto> {
    return this.clients.update(context, id, body);
  }

  /** Operators may switch a client off (its logins are revoked) without the right to reconfigure it. */
  @Post('clients/:id/disable')
  @HttpCode(200)
  @RequirePermission('clients:disable', CLIENT)
  disable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<ClientDto> {
    return this.clients.update(context, id, { enabled: false });
  }

  @Post('clients/:id/enable')
  @HttpCode(200)
  @RequirePermission('clients:write', CLIENT)
  enable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<ClientDto> {
    return this.clients.update(context, id, { enabled: true });
  }

  @Post('clients/:id/rotate-secret')
  @HttpCode(200)
  @RequirePermission('clients:rotate', CLIENT)
  rotateSecret(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<ClientWithSecretDto> {
    return this.clients.rotateSecret(context, id);
  }

  @Delete('clients/:id')
  @HttpCode(204)
  @RequirePermission('clients:delete', CLIENT)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.clients.delete(context, id);
  }
}
