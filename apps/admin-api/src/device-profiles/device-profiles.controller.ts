import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ApiErrors } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { DeviceProfilesDto } from './device-profiles.dto';
import { DeviceProfilesService } from './device-profiles.service';

const CLIENT = { on: 'client', parameter: 'id' } as const;

@ApiTags('clients')
@Controller('v1')
export class DeviceProfilesController {
  constructor(private readonly profiles: DeviceProfilesService) {}

  @Get('clients/:id/profiles')
  @ApiOperation({ summary: "List a device client's user profiles", description: 'Each live login of the device (a refresh-token family); a client that is not a device client has none.' })
  @ApiOkResponse({ type: DeviceProfilesDto })
  @RequirePermission('clients:read', CLIENT)
  list(@Param('id', ParseUUIDPipe) id: string): Promise<DeviceProfilesDto> {
    return this.profiles.list(id);
  }

  @Delete('clients/:id/profiles/:profileId')
  @ApiOperation({
    summary: "Delete a device client's user profile",
    description: 'As the device deregistering it: its refresh token and access tokens are revoked on every instance, its PIN and biometric key removed. Not a live profile of this device client: 404 `UNKNOWN_PROFILE`.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400)
  @HttpCode(204)
  @RequirePermission('clients:write', CLIENT)
  delete(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Param('profileId', ParseUUIDPipe) profileId: string): Promise<void> {
    return this.profiles.delete(context, id, profileId);
  }
}
