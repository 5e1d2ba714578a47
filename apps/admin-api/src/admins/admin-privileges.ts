import { Injectable } from '@nestjs/common';
import { AccessControl, PLATFORM, type EffectiveAuthority, type Principal } from '@rapidauth/access';
import { AccessDeniedError, NotFoundError } from '@rapidauth/oauth';

/**
 * No escalation among admins: an admin acts on another admin (disables or enables it, adds it to or
 * removes it from a group, grants or removes its authorities) only when the other holds no
 * authority the caller lacks, and hands out or takes away only authorities it holds itself.
 */
@Injectable()
export class AdminPrivileges {
  constructor(private readonly access: AccessControl) {}

  /** 403 unless the caller holds everything `adminId` holds; 404 when the caller may not even read admins. */
  async requireOver(caller: Principal, adminId: string): Promise<void> {
    if (await this.access.holdsAll(caller, await this.access.authorities({ type: 'admin', id: adminId }))) return;
    if (!(await this.access.can(caller, 'admins:read', PLATFORM))) throw new NotFoundError();
    throw new AccessDeniedError('this admin holds authorities you do not hold');
  }

  /** 403 unless the caller holds every authority it hands out or takes away. */
  async requireHolds(caller: Principal, authorities: readonly EffectiveAuthority[]): Promise<void> {
    if (await this.access.holdsAll(caller, authorities)) return;
    throw new AccessDeniedError('you can only hand out or take away authorities you hold yourself');
  }
}
