import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LastOwnerError } from '../http/admin.errors';

/** Serialises every change that could remove a platform owner, across instances. */
const OWNERSHIP_LOCK_ID = 7_231_000_002;

/**
 * Enabled admins holding a role with `*` on the platform, directly or through a group: whoever can
 * still manage the platform (and grant ownership again).
 */
const COUNT_OWNERS = `
  SELECT count(*)::int AS owners FROM "admin_user" admin
  WHERE NOT admin.disabled AND EXISTS (
    SELECT 1 FROM "authority" authority JOIN "role" role ON role.id = authority.role_id
    WHERE authority.target_type = 'platform' AND '*' = ANY(role.permissions) AND (
      (authority.principal_type = 'admin' AND authority.principal_id = CAST(admin.id AS varchar))
      OR (authority.principal_type = 'group' AND authority.principal_id IN (
        SELECT CAST(member.group_id AS varchar) FROM "admin_group_member" member WHERE member.admin_id = admin.id))))`;

/**
 * The last platform owner can be neither disabled nor stripped of ownership. Changes that could do
 * it run here: in one transaction behind a platform-wide lock, so two owners disabling each other
 * at once are counted one after the other and the second is refused.
 */
@Injectable()
export class PlatformOwners {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `change` and keeps it only if an owner remains (when there was one); else LastOwnerError. */
  keepingAnOwner<T>(change: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [OWNERSHIP_LOCK_ID]);
      const before = await this.count(manager);
      const result = await change(manager);
      if (before > 0 && (await this.count(manager)) === 0) throw new LastOwnerError();
      return result;
    });
  }

  private async count(manager: EntityManager): Promise<number> {
    const [{ owners }] = (await manager.query(COUNT_OWNERS)) as Array<{ owners: number }>;
    return owners;
  }
}
