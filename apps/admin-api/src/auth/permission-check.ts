import { Injectable } from '@nestjs/common';
import { AccessControl, type CheckTarget, type Principal } from '@rapidauth/access';
import { AccessDeniedError, NotFoundError } from '@rapidauth/oauth';

/**
 * One permission check with the admin API's answers: allowed; 404 NOT_FOUND when the caller may
 * not even read the target (the same answer as for a target that does not exist, so its existence
 * stays hidden); 403 ACCESS_DENIED otherwise. The guard uses it for targets in the path, services
 * for targets named in a body or a stored row.
 */
@Injectable()
export class PermissionCheck {
  constructor(private readonly access: AccessControl) {}

  async require(principal: Principal, permission: string, target: CheckTarget): Promise<void> {
    if (await this.access.can(principal, permission, target)) return;
    if (target.type !== 'platform' && !(await this.access.can(principal, READ[target.type], target))) throw new NotFoundError();
    throw new AccessDeniedError(`this needs the ${permission} permission`);
  }
}

/** What it takes to see that a target exists: reading the target itself, whatever the route does with it. */
const READ: Record<Exclude<CheckTarget['type'], 'platform'>, string> = {
  organization: 'organizations:read',
  app: 'apps:read',
  environment: 'environments:read',
  client: 'clients:read',
  account: 'accounts:read',
  'auth-service': 'auth-services:read',
  group: 'groups:read',
  grant: 'grants:read',
  'data-link': 'data-links:read',
  'app-signature': 'devices:read',
};
