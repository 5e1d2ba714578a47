import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { CheckTarget } from '@rapidauth/access';
import { ApiErrors, type ErrorStatus } from '../http/openapi.decorators';

export const PERMISSION = 'rapidauth:permission';

/** What a route needs: a permission on a target named by a route parameter (or the platform). */
export interface RoutePermission {
  readonly permission: string;
  readonly target:
    | { readonly type: Exclude<CheckTarget['type'], 'platform'>; readonly param: string }
    | { readonly type: 'platform' }
    /** A list whose rows the service filters by the caller's authorities: any management token may ask. */
    | { readonly type: 'filtered' };
}

/**
 * The OpenAPI `x-permission` of an operation (docs/admin-api.md#the-openapi-document): the permission, and `on`
 * — `platform`, a target type named by the path `parameter`, `rows` (a list filtered to what the
 * caller may see) or `request` (the target named in the body or the stored row).
 */
export interface PermissionExtension {
  readonly permission: string;
  readonly on: string;
  readonly parameter?: string;
}

/** Every admin route declares this; the guard refuses routes that do not (public ones are listed in the guard). */
export const RequirePermission = (permission: string, target: RoutePermission['target'] = { type: 'platform' }) =>
  declare({ permission, target }, 'param' in target ? { permission, on: target.type, parameter: target.param } : { permission, on: target.type === 'platform' ? 'platform' : 'rows' });

/**
 * The target is only known from the body or a stored row (authorities): the service checks
 * `permission` on it; the guard still requires a management token.
 */
export const TargetFromBody = (permission: string) => declare({ permission, target: { type: 'filtered' } }, { permission, on: 'request' });

/** A list route: rows are filtered by what the caller may `permission`. */
export const ListPermission = (permission: string) => declare({ permission, target: { type: 'filtered' } }, { permission, on: 'rows' });

/** The rule for the guard, and the same rule in the OpenAPI document so the two cannot drift. */
function declare(rule: RoutePermission, extension: PermissionExtension) {
  // A filtered list refuses no one; a named target may be invisible to the caller (404, not 403).
  const errors: ErrorStatus[] = extension.on === 'rows' ? [401] : extension.on === 'platform' ? [401, 403] : [401, 403, 404];
  return applyDecorators(SetMetadata(PERMISSION, rule), ApiBearerAuth(), ApiExtension('x-permission', extension), ApiErrors(...errors));
}
