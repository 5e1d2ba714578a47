import { SetMetadata } from '@nestjs/common';
import type { CheckTarget } from '@rapidauth/access';

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

/** Every admin route declares this; the guard refuses routes that do not (public ones are listed in the guard). */
export const RequirePermission = (permission: string, target: RoutePermission['target'] = { type: 'platform' }) =>
  SetMetadata(PERMISSION, { permission, target } satisfies RoutePermission);

/**
 * The target is only known from the body or a stored row (authorities): the service checks
 * `permission` on it; the guard still requires a management token.
 */
export const TargetFromBody = (permission: string) => RequirePermission(permission, { type: 'filtered' });

/** A list route: rows are filtered by what the caller may `permission`. */
export const ListPermission = (permission: string) => RequirePermission(permission, { type: 'filtered' });
