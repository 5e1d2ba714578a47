/** Who calls the admin API, from their management token. */
export type Principal =
  | { readonly type: 'admin'; readonly id: string }
  | { readonly type: 'organization-client'; readonly id: string; readonly organizationId: string };

/** An authority with its role's permissions, as checks need it. */
export interface EffectiveAuthority {
  readonly roleName: string;
  readonly permissions: readonly string[];
  readonly targetType: string;
  readonly targetId: string | null;
}
