import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ConnectorRegistry, type ConnectorDescriptor } from '@rapidauth/connectors';
import { ListPermission, RequirePermission, TargetFromBody } from '../auth/permission.decorator';
import type { ListResponse } from '../http/list-query.dto';
import { Context, type RequestContext } from '../http/request-context';
import { AuthServiceDto, AuthServiceListQueryDto, CreateAuthServiceDto, UpdateAuthServiceDto } from './auth-services.dto';
import { AuthServicesService } from './auth-services.service';

const SERVICE = { type: 'auth-service', param: 'id' } as const;

@ApiTags('auth-services')
@ApiBearerAuth()
@Controller('v1')
export class AuthServicesController {
  constructor(
    private readonly services: AuthServicesService,
    private readonly registry: ConnectorRegistry,
  ) {}

  /** Every connector type with its settings (labels, help, required, secret): what the console renders. */
  @Get('auth-service-types')
  @ListPermission('auth-services:read')
  types(): readonly ConnectorDescriptor[] {
    return this.registry.types();
  }

  @Post('auth-services')
  @TargetFromBody('auth-services:write')
  create(@Context() context: RequestContext, @Body() body: CreateAuthServiceDto): Promise<AuthServiceDto> {
    return this.services.create(context, body);
  }

  @Get('auth-services')
  @ListPermission('auth-services:read')
  list(@Context() context: RequestContext, @Query() query: AuthServiceListQueryDto): Promise<ListResponse<AuthServiceDto>> {
    return this.services.list(context, query);
  }

  @Get('auth-services/:id')
  @RequirePermission('auth-services:read', SERVICE)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AuthServiceDto> {
    return this.services.get(id);
  }

  @Patch('auth-services/:id')
  @RequirePermission('auth-services:write', SERVICE)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAuthServiceDto): Promise<AuthServiceDto> {
    return this.services.update(context, id, body);
  }

  /** Operators may switch a service off (its logins are revoked) without the right to reconfigure it. */
  @Post('auth-services/:id/disable')
  @HttpCode(200)
  @RequirePermission('auth-services:disable', SERVICE)
  disable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthServiceDto> {
    return this.services.update(context, id, { enabled: false });
  }

  @Post('auth-services/:id/enable')
  @HttpCode(200)
  @RequirePermission('auth-services:write', SERVICE)
  enable(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<AuthServiceDto> {
    return this.services.update(context, id, { enabled: true });
  }

  @Delete('auth-services/:id')
  @HttpCode(204)
  @RequirePermission('auth-services:delete', SERVICE)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.services.delete(context, id);
  }
}
