import { Injectable } from '@nestjs/common';
import { RoleEntity } from '@rapidauth/database';
import { DataSource } from 'typeorm';
import type { RoleDto, RoleListDto } from './roles.dto';

/** The roles authorities refer to, with what each permits. Few enough never to page. */
@Injectable()
export class RolesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<RoleListDto> {
    const roles = await this.dataSource.manager.find(RoleEntity, { order: { name: 'ASC' } });
    return { total: roles.length, rows: roles.map(toDto) };
  }
}

function toDto(role: RoleEntity): RoleDto {
  return { id: role.id, name: role.name, description: role.description, permissions: role.permissions, builtIn: role.builtIn };
}
