import { Body, Controller, Get, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { ApiErrors } from '../http/openapi.decorators';
import { Context, type RequestContext } from '../http/request-context';
import { IdentityMethodsDto, IdentityMethodsPatchDto } from './identity-methods.dto';
import { IdentityMethodsService } from './identity-methods.service';

const ENVIRONMENT = { on: 'environment', parameter: 'id' } as const;
/** Where RFC 7396 merge patches are parsed (admin-api.app.ts). */
export const IDENTITY_METHODS_PATH = '/v1/environments/:id/identity-methods';

@ApiTags('environments')
@Controller('v1')
export class IdentityMethodsController {
  constructor(private readonly methods: IdentityMethodsService) {}

  @Get('environments/:id/identity-methods')
  @ApiOperation({ summary: "Get an environment's identity methods", description: 'Anonymous, email, phone and custom-token logins, one-time codes, MFA and messages; defaults included.' })
  @ApiOkResponse({ type: IdentityMethodsDto })
  @RequirePermission('environments:read', ENVIRONMENT)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<IdentityMethodsDto> {
    return this.methods.get(id);
  }

  @Patch('environments/:id/identity-methods')
  @ApiOperation({
    summary: "Change an environment's identity methods",
    description:
      'An RFC 7396 merge patch: only the fields sent change, `null` puts a field or section back to its default. Every field is checked; any bad one (`INVALID_PROVIDER_SETTINGS`, listed in `fields`) refuses the whole patch. Takes effect on every instance at once.',
  })
  @ApiConsumes('application/merge-patch+json', 'application/json')
  @ApiBody({ type: IdentityMethodsPatchDto })
  @ApiOkResponse({ type: IdentityMethodsDto })
  @ApiErrors(400, 413)
  @RequirePermission('environments:write', ENVIRONMENT)
  update(@Context() context: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() patch: Record<string, unknown>): Promise<IdentityMethodsDto> {
    return this.methods.update(context, id, patch);
  }
}
