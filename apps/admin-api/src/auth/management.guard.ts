import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUUID } from 'class-validator';
import { AccessControl, type CheckTarget, type Principal } from '@rapidauth/access';
import { AccessDeniedError, bearerToken, InvalidTokenError, ManagementRevokeController, ManagementTokenController, ManagementTokenVerifier, NotFoundError } from '@rapidauth/oauth';
import type { Request } from 'express';
import { HealthController, MetricsController } from '@rapidauth/observability';
import { PermissionCheck } from './permission-check';
import { PERMISSION, type RoutePermission } from './permission.decorator';

export type AdminRequest = Request & { principal?: Principal };

/**
 * The only routes without a management token: health, metrics (no tenant in them, docs/operations.md#metrics),
 * getting a management token and revoking one (which checks it itself).
 */
const PUBLIC_CONTROLLERS: ReadonlySet<Function> = new Set([HealthController, MetricsController, ManagementTokenController, ManagementRevokeController]);

/**
 * The admin API's only door: a management token, then the route's declared permission checked
 * through the authority model. A route that declares no rule is refused, so a new route cannot
 * be reachable by accident. Callers who may not even read the target get 404, not 403.
 */
@Injectable()
export class ManagementGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ManagementTokenVerifier,
    private readonly access: AccessControl,
    private readonly permissions: PermissionCheck,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (PUBLIC_CONTROLLERS.has(context.getClass())) return true;
    const rule = this.reflector.getAllAndOverride<RoutePermission>(PERMISSION, [context.getHandler(), context.getClass()]);
    if (!rule) throw new AccessDeniedError('this route has no access rule', { detail: 'route without @RequirePermission' });

    const request = context.switchToHttp().getRequest<AdminRequest>();
    const claims = await this.tokens.verify(bearerToken(request.headers.authorization));
    const principal: Principal =
      claims.org !== undefined ? { type: 'organization-client', id: claims.sub, organizationId: claims.org } : { type: 'admin', id: claims.sub };
    if (!(await this.access.isActive(principal, new Date(claims.iat * 1000)))) {
      throw new InvalidTokenError('this token is no longer valid: its admin or organization was disabled, or the secret was rotated');
    }
    request.principal = principal;

    if (rule.target.type === 'filtered') return true;
    const target: CheckTarget =
      rule.target.type === 'platform' ? { type: 'platform' } : { type: rule.target.type, id: String(request.params[rule.target.param]) };
    if (target.id !== undefined && !isUUID(target.id)) throw new NotFoundError();
    await this.permissions.require(principal, rule.permission, target);
    return true;
  }
}
