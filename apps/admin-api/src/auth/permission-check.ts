import { Injectable } from '@nestjs/common';
import { AccessControl, type CheckTarget, type Principal } from '@rapidauth/access';
import { AccessDeniedError, OAuthError } from '@rapidauth/oauth';

/** Nothing visible here for this caller: the same answer as for something that does not exist. */
export class NotFoundError extends OAuthError {
  readonly error = 'not_found';
  readonly status = 404;
  constructor() {
    super('not found', { code: 'INVALID_PARAMETER' });
  }
}

/**
 * One permission check with the admin API's answers: allowed; 404 when the caller may not even
 * read the target (its existence stays hidden); 403 otherwise. The guard uses it for targets in
 * the path, services for targets named in a body or a stored row.
 */
@Injectable()
export class PermissionCheck {
  constructor(private readonly access: AccessControl) {}

  async require(principal: Principal, permission: string, target: CheckTarget): Promise<void> {
    if (await this.access.can(principal, permission, target)) return;
    if (target.type !== 'platform' && !(await this.access.can(principal, READ[target.type], target))) throw new NotFoundError();
    throw new AccessDeniedError(`this needs the ${permission} permission`, { code: 'UNAUTHORIZED_CLIENT' });
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
};
