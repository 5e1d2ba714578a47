import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RoleEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import { ListPermission } from '../auth/permission.decorator';

export class RoleDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) permissions: string[];
  @ApiProperty() builtIn: boolean;
}

/** GET /v1/roles: what each role may do (the names authorities refer to). Public knowledge for any admin. */
@ApiTags('access')
@ApiBearerAuth()
@Controller('v1/roles')
export class RolesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ListPermission('roles:read')
  async list(): Promise<{ total: number; rows: RoleDto[] }> {
    const roles = await this.dataSource.manager.find(RoleEntity, { order: { name: 'ASC' } });
    const rows = roles.map(({ id, name, description, permissions, builtIn }) => ({ id, name, description, permissions, builtIn }));
    return { total: rows.length, rows };
  }
}
