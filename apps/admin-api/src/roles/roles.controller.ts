import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permission.decorator';
import { RoleListDto } from './roles.dto';
import { RolesService } from './roles.service';

/** GET /v1/roles: what each role may do (the names authorities refer to). Public knowledge for any admin. */
@ApiTags('access')
@Controller('v1/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @ApiOperation({ summary: 'List the roles', description: 'Every role with its permissions: the names authorities refer to. Not paged.' })
  @ApiOkResponse({ type: RoleListDto })
  @RequirePermission('roles:read', { on: 'rows' })
  list(): Promise<RoleListDto> {
    return this.roles.list();
  }
}
