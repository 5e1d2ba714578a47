import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RoleEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import { RequirePermission } from '../auth/permission.decorator';

export class RoleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) permissions: string[];
  @ApiProperty() builtIn: boolean;
}

export class RoleListDto {
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: [RoleDto] }) rows: RoleDto[];
}

/** GET /v1/roles: what each role may do (the names authorities refer to). Public knowledge for any admin. */
@ApiTags('access')
@Controller('v1/roles')
export class RolesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'List the roles', description: 'Every role with its permissions: the names authorities refer to. Not paged.' })
  @ApiOkResponse({ type: RoleListDto })
  @RequirePermission('roles:read', { on: 'rows' })
  async list(): Promise<{ total: number; rows: RoleDto[] }> {
    const roles = await this.dataSource.manager.find(RoleEntity, { order: { name: 'ASC' } });
    const rows = roles.map(({ id, name, description, permissions, builtIn }) => ({ id, name, description, permissions, builtIn }));
    return { total: rows.length, rows };
  }
}
