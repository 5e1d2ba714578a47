import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { CheckTarget } from '@rapidauth/access';
import { ApiErrors, type ErrorStatus } from '../http/openapi.decorators';

export const PERMISSION = 'rapidauth:permission';

type PathTargetType = Exclude<CheckTarget['type'], 'platform'>;

/** The rule the guard reads: a permission on a target named by a route parameter (or the platform). */
export interface RoutePermission {
  readonly permission: string;
  readonly target:
    | { readonly type: PathTargetType; readonly param: string }
    | { readonly type: 'platform' }
    /** The service checks the permission (on each row, or on the target the request names): any management token may ask. */
    | { readonly type: 'filtered' };
}

/**
 * Where a route's permission applies, as its OpenAPI `x-permission` says (docs/admin-api.md):
 * - `platform`: on the platform;
 * - a target type with the path `parameter` naming it: the guard checks it on that target;
 * - `rows`: a list whose rows the service filters by what the caller may `permission`;
 * - `request`: on the target named in the body or the stored row, which the service checks.
 */
export type PermissionScope =
  | { readonly on: 'platform' }
  | { readonly on: 'rows' }
  | { readonly on: 'request' }
  | { readonly on: PathTargetType; readonly parameter: string };

/** The OpenAPI `x-permission` of an operation: the permission and its scope. */
export type PermissionExtension = { readonly permission: string } & PermissionScope;

const PLATFORM: PermissionScope = { on: 'platform' };

/**
 * Every admin route declares this; the guard refuses routes that do not (public ones are listed in
 * the guard). One declaration gives the guard its rule and the OpenAPI document the same rule, so
 * the two cannot drift.
 */
export const RequirePermission = (permission: string, scope: PermissionScope = PLATFORM) => {
  const extension: PermissionExtension = { permission, ...scope };
  return applyDecorators(
    SetMetadata(PERMISSION, { permission, target: guardTarget(scope) } satisfies RoutePermission),
    ApiBearerAuth(),
    ApiExtension('x-permission', extension),
    ApiErrors(...refusals(scope)),
  );
};

function guardTarget(scope: PermissionScope): RoutePermission['target'] {
  if ('parameter' in scope) return { type: scope.on, param: scope.parameter };
  return scope.on === 'platform' ? { type: 'platform' } : { type: 'filtered' };
}

/** A filtered list refuses no one; a named target may be invisible to the caller (404, not 403). */
function refusals(scope: PermissionScope): ErrorStatus[] {
  if (scope.on === 'rows') return [401];
  if (scope.on === 'platform') return [401, 403];
  return [401, 403, 404];
}
