/** Where an authority applies; checks inherit downward (platform → organization → app → environment). */
export type TargetType = 'platform' | 'organization' | 'app' | 'environment';

export interface Target {
  readonly type: TargetType;
  /** Absent for the platform. */
  readonly id?: string;
}

export const PLATFORM: Target = { type: 'platform' };

/** What a check may name: an authority target, or an object that lives in an environment. */
export type CheckTarget = Target | { readonly type: 'client' | 'account' | 'auth-service' | 'group' | 'grant' | 'data-link' | 'app-signature'; readonly id: string };

/**
 * Whether a role's permissions cover `needed` (`resource:action`): `*` covers everything,
 * `resource:*` every action on the resource, otherwise an exact match.
 */
export function permits(permissions: readonly string[], needed: string): boolean {
  const [resource] = needed.split(':');
  return permissions.some((permission) => permission === '*' || permission === needed || permission === `${resource}:*`);
}
