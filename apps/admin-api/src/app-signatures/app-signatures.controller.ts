import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ListQueryDto, type ListResponse } from '../http/list-query.dto';
import { ApiErrors, ApiPagedResponse } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { AppSignatureDto, AppSignatureWithSecretDto, CreateAppSignatureDto, RevokedDevicesDto, UpdateAppSignatureDto } from './app-signatures.dto';
import { AppSignaturesService } from './app-signatures.service';

const ENVIRONMENT = { on: 'environment', parameter: 'environmentId' } as const;
const APP_SIGNATURE = { on: 'app-signature', parameter: 'id' } as const;

@ApiTags('app-signatures')
@Controller('v1')
export class AppSignaturesController {
  constructor(private readonly signatures: AppSignaturesService) {}

  @Post('environments/:environmentId/app-signatures')
  @ApiOperation({ summary: 'Create an app signature', description: 'An app build (identifier, version, platform) devices may register with, proving it by OCRA. The answer carries the key (`secret`), this once.' })
  @ApiCreatedResponse({ type: AppSignatureWithSecretDto })
  @ApiErrors(400, 409, 413)
  @RequirePermission('devices:write', ENVIRONMENT)
  create(
    @Context() context: RequestContext,
    @Param('environmentId', ParseUUIDPipe) environmentId: string,
    @Body() body: CreateAppSignatureDto,
  ): Promise<AppSignatureWithSecretDto> {
    return this.signatures.create(context, environmentId, body);
  }

  @Get('environments/:environmentId/app-signatures')
  @ApiOperation({ summary: "List an environment's app signatures" })
  @ApiPagedResponse(AppSignatureDto)
  @ApiErrors(400)
  @RequirePermission('devices:read', ENVIRONMENT)
  list(@Param('environmentId', ParseUUIDPipe) environmentId: string, @Query() query: ListQueryDto): Promise<ListResponse<AppSignatureDto>> {
    return this.signatures.list(environmentId, query);
  }

  @Get('app-signatures/:id')
  @ApiOperation({ summary: 'Get an app signature' })
  @ApiOkResponse({ type: AppSignatureDto })
  @RequirePermission('devices:read', APP_SIGNATURE)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AppSignatureDto> {
    return this.signatures.get(id);
  }

  @Patch('app-signatures/:id')
  @ApiOperation({ summary: 'Update an app signature', description: 'Only the fields sent change; identifier, version and platform cannot. `enabled: false` stops new registrations.' })
  @ApiOkResponse({ type: AppSignatureDto })
  @ApiErrors(400, 413)
  @RequirePermission('devices:write', APP_SIGNATURE)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateAppSignatureDto): Promise<AppSignatureDto> {
    return this.signatures.update(context, id, body);
  }

  @Post('app-signatures/:id/revoke-devices')
  @ApiOperation({ summary: 'Revoke the devices of an app signature', description: 'Disables every device client registered with it and revokes their logins.' })
  @ApiOkResponse({ type: RevokedDevicesDto })
  @HttpCode(200)
  @RequirePermission('devices:disable', APP_SIGNATURE)
  revokeDevices(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<RevokedDevicesDto> {
    return this.signatures.revokeDevices(context, id);
  }

  @Delete('app-signatures/:id')
  @ApiOperation({ summary: 'Delete an app signature', description: 'Its devices are revoked first; their clients stay, disabled.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @HttpCode(204)
  @RequirePermission('devices:delete', APP_SIGNATURE)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.signatures.delete(context, id);
  }
}
